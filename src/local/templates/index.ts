// Templates → the local gateway: SAM, CloudFormation, cdk.out and OpenAPI translated into the
// REST APIs AWS would build and the functions the runner starts. No `vscode` here.
export { loadTemplate } from './load';
export { applyPlan, routesOf, type AppliedApi, type AppliedRoute } from './apply';
export { TemplateSession, type TemplateSessionEvents } from './session';
export { parseParameterOverrides } from './parameterOverrides';
export { TemplateError, type ApiPlan, type MethodOrigin, type TemplateKind, type TemplateOptions, type TemplatePlan } from './types';
export { applyEdits, templateEdits, WriteBackError, type IntegrationEdit, type TextEdit } from './writeBack';
