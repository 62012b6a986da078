import { RiskGateBlockedError } from '@tokenwise/spec';
import { evaluateRisk, type RiskAssessment, type RiskGateConfig } from './evaluate-risk.js';

/**
 * Runs the risk gate and throws when it blocks, so callers (router, proxy) stop before any model is called.
 * @throws RiskGateBlockedError with the gate's reason and score.
 */
export function assertRiskAcceptable(query: string, config: RiskGateConfig = {}): RiskAssessment {
  const assessment = evaluateRisk(query, config);
  if (assessment.blocked) {
    throw new RiskGateBlockedError({ reason: assessment.reason, score: assessment.score });
  }
  return assessment;
}
