// Where a template says which local service stands behind each VPC link, so its private
// integrations reach something when served locally (on AWS a link targets an NLB/ALB in a VPC):
//   Metadata:                          (CloudFormation / SAM, top level)
//     StreamGate:
//       VpcLinks:
//         orders-link: http://127.0.0.1:8081     # link name or id → local base URL
// and `x-streamgate-vpc-links: {NAME_OR_ID: URL}` at the top of an OpenAPI document.
// `streamgate local --vpc-link` flags override these entries.
import { parseVpcLinkMappings } from '../dataplane/vpcLinkTarget';
import { asMap } from './stack';
import { TemplateError } from './types';

export function vpcLinksOf(doc: Record<string, unknown>, file: string): Record<string, string> {
  const declared = doc['x-streamgate-vpc-links'] ?? asMap(asMap(doc.Metadata).StreamGate).VpcLinks;
  if (declared === undefined) return {};
  const where = doc['x-streamgate-vpc-links'] !== undefined ? 'x-streamgate-vpc-links' : 'Metadata.StreamGate.VpcLinks';
  if (!declared || typeof declared !== 'object' || Array.isArray(declared)) {
    throw new TemplateError(`${file}: ${where} must map VPC link names or ids to local URLs, e.g. orders-link: http://127.0.0.1:8081`);
  }
  const out: Record<string, string> = {};
  for (const [name, url] of Object.entries(declared as Record<string, unknown>)) {
    if (typeof url !== 'string') throw new TemplateError(`${file}: ${where}.${name} must be a URL string such as http://127.0.0.1:8081`);
    out[name] = url;
  }
  try {
    parseVpcLinkMappings(out);
  } catch (err) {
    throw new TemplateError(`${file}: ${where}: ${(err as Error).message}`);
  }
  return out;
}
