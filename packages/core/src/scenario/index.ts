export {
  type DetectScenarioOptions,
  detectScenario,
  PRIMARY_THRESHOLD,
  SECONDARY_THRESHOLD,
  TURN_WEIGHTS,
} from './detect-scenario.js';
export {
  COMPLEXITY_THRESHOLDS,
  type ComplexityAssessment,
  estimateComplexity,
} from './estimate-complexity.js';
