// Where did the stream get buffered: fetching a request's function → gateway trace (the local
// gateway's own record, or the stage's access log and the function's REPORT line on AWS) for
// src/shared/trace.ts diagnoseTrace to judge with the client's lane.
export { fetchLocalTrace, localGatewayOrigin, TraceUnavailable } from './localTrace';
export { fetchAwsTrace } from './awsTrace';
export { enableAccessLogPatch, parseAccessLogLine, STREAMING_ACCESS_LOG_FORMAT } from './accessLogFormat';
export { parseReportLine } from './reportLine';
export { clientLaneOf } from './clientLane';
