export { createSvgChart, type SvgChart, type SvgChartOptions, type SvgPlotArea } from './create-svg-chart.js';
export { escapeXml } from './escape-xml.js';
export { renderSpendSvg } from './render-spend-svg.js';
