export {
  type RejectedCandidate,
  type RejectionReason,
  type RouteDecision,
  STRATEGIES,
  type Strategy,
} from './route-decision.js';
export type { Complexity, Scenario } from './scenario.js';
