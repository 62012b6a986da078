export { assertRiskAcceptable } from './assert-risk-acceptable.js';
export {
  ambiguityScore,
  DEFAULT_AMBIGUITY_THRESHOLD,
  evaluateRisk,
  type RiskAssessment,
  type RiskGateConfig,
} from './evaluate-risk.js';
