// AWS CDK (TypeScript, aws-cdk-lib ≥ 2.230 for ResponseTransferMode). Uses the generic
// Integration with the exact URI so the snippet reproduces the current settings, including
// the Lambda streaming-invocation URI, whatever LambdaIntegration would derive.
import { integrationHttpMethod, logicalName, type SnippetContext } from './context';

export function cdkSnippet(ctx: SnippetContext): string {
  const s = ctx.settings;
  const options = [
    `    responseTransferMode: apigateway.ResponseTransferMode.${s.responseTransferMode},`,
    `    timeout: Duration.millis(${s.timeoutInMillis}),`,
  ];
  const overrides: string[] = [];
  if (s.connectionType === 'VPC_LINK') {
    options.push('    connectionType: apigateway.ConnectionType.VPC_LINK,');
    // fromVpcLinkId takes the id as written, so ${stageVariables.x} stays a stage-variable reference.
    if (s.connectionId) options.push(`    vpcLink: apigateway.VpcLink.fromVpcLinkId(this, 'VpcLink', ${JSON.stringify(s.connectionId)}),`);
    // IntegrationOptions has no integrationTarget (VPC links V2): set it as a CloudFormation override.
    if (s.integrationTarget) overrides.push(`(method.node.defaultChild as apigateway.CfnMethod).addPropertyOverride('Integration.IntegrationTarget', ${JSON.stringify(s.integrationTarget)});`);
  }
  const props = [`  type: apigateway.IntegrationType.${s.type},`];
  const verb = integrationHttpMethod(ctx);
  if (verb) props.push(`  integrationHttpMethod: ${JSON.stringify(verb)},`);
  if (s.uri !== undefined) props.push(`  uri: ${JSON.stringify(s.uri)},`);
  props.push('  options: {', ...options, '  },');
  const name = logicalName(ctx);
  const variable = name[0]!.toLowerCase() + name.slice(1) + 'Integration';
  return [
    "import { Duration } from 'aws-cdk-lib';",
    "import * as apigateway from 'aws-cdk-lib/aws-apigateway';",
    '',
    `declare const resource: apigateway.IResource; // the resource at ${ctx.path}`,
    '',
    `const ${variable} = new apigateway.Integration({`,
    ...props,
    '});',
    overrides.length ? `const method = resource.addMethod(${JSON.stringify(ctx.httpMethod)}, ${variable});` : `resource.addMethod(${JSON.stringify(ctx.httpMethod)}, ${variable});`,
    ...overrides,
    '',
  ].join('\n');
}
