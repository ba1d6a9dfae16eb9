export { FaultController } from './fault-controller.js';
export type { FaultHandle, FiredFault, FiredFaultKind, WsCloseCode, WsCloseListener } from './fault-controller.js';
export { parseFaultSpec, validateFaultRule, FAULT_KINDS } from './fault-rules.js';
export type {
  FaultRule,
  FaultKind,
  WsTarget,
  WsMessageFault,
  WsSilenceFault,
  HttpFault,
  VenueErrorFault,
  OrderAckFault,
} from './fault-rules.js';
