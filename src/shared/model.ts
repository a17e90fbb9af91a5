// Domain types shared by every layer (core, local, cli, extension, webview). Plain data only.

export type TransferMode = 'BUFFERED' | 'STREAM';
export const TRANSFER_MODES: readonly TransferMode[] = ['BUFFERED', 'STREAM'];

export type IntegrationType = 'HTTP' | 'HTTP_PROXY' | 'AWS' | 'AWS_PROXY' | 'MOCK';

/** The integration fields StreamGate reads and changes (a subset of the AWS Integration shape). */
export interface IntegrationSettings {
  type: IntegrationType;
  uri?: string;
  httpMethod?: string;
  responseTransferMode: TransferMode;
  timeoutInMillis: number;
  connectionType?: 'INTERNET' | 'VPC_LINK';
  connectionId?: string;
  /** Private integrations over a VPC link V2: the ALB or NLB the request goes to. */
  integrationTarget?: string;
  contentHandling?: string;
  /** Response mapping templates present on any integration response (they conflict with STREAM). */
  hasResponseTemplates?: boolean;
}

/** A requested change to one integration. Absent fields are left as they are. */
export interface IntegrationChange {
  responseTransferMode?: TransferMode;
  timeoutInMillis?: number;
}

export type EndpointType = 'REGIONAL' | 'EDGE' | 'PRIVATE';

/** How the console interprets a response body; `auto` picks by Content-Type (src/shared/parse chooseParser). */
export type BodyFormat = 'auto' | 'sse' | 'ndjson' | 'text';
export const BODY_FORMATS: readonly BodyFormat[] = ['auto', 'sse', 'ndjson', 'text'];

/** Every way StreamGate can authenticate a request (core/auth AuthConfig has one variant per kind). */
export type AuthKind = 'none' | 'apiKey' | 'bearer' | 'iam' | 'custom';
