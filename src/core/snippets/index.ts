// Infrastructure-as-code equivalents of an integration's current settings, for
// "Show as infrastructure-as-code": the user copies the one that matches their stack.
import { awsCliSnippet } from './awsCli';
import { cdkSnippet } from './cdk';
import { cloudFormationSnippet } from './cloudFormation';
import type { SnippetContext } from './context';
import { openApiSnippet } from './openApi';
import { samSnippet } from './sam';
import { terraformSnippet } from './terraform';

export type { SnippetContext } from './context';
export { awsCliSnippet, shellQuote } from './awsCli';
export { cloudFormationSnippet } from './cloudFormation';
export { openApiSnippet } from './openApi';
export { cdkSnippet } from './cdk';
export { samSnippet } from './sam';
export { terraformSnippet } from './terraform';

export type SnippetKind = 'awsCli' | 'cloudFormation' | 'sam' | 'openApi' | 'cdk' | 'terraform';

export interface Snippet {
  kind: SnippetKind;
  title: string;
  /** VS Code language id for syntax highlighting. */
  languageId: string;
  text: string;
}

export function integrationSnippets(ctx: SnippetContext): Snippet[] {
  return [
    { kind: 'awsCli', title: 'AWS CLI', languageId: 'shellscript', text: awsCliSnippet(ctx) },
    { kind: 'cloudFormation', title: 'CloudFormation (AWS::ApiGateway::Method)', languageId: 'yaml', text: cloudFormationSnippet(ctx) },
    { kind: 'sam', title: 'AWS SAM (Api event)', languageId: 'yaml', text: samSnippet(ctx) },
    { kind: 'openApi', title: 'OpenAPI (x-amazon-apigateway-integration)', languageId: 'yaml', text: openApiSnippet(ctx) },
    { kind: 'cdk', title: 'AWS CDK (TypeScript)', languageId: 'typescript', text: cdkSnippet(ctx) },
    { kind: 'terraform', title: 'Terraform (aws_api_gateway_integration)', languageId: 'terraform', text: terraformSnippet(ctx) },
  ];
}
