// The AWS profiles a user can pick: every profile in the shared config file (~/.aws/config,
// AWS_CONFIG_FILE) and the shared credentials file (~/.aws/credentials, AWS_SHARED_CREDENTIALS_FILE),
// with its region and whether it signs in through IAM Identity Center (SSO). Parsing is the AWS
// SDK's own ini loader (@smithy/core/config), so StreamGate reads the files exactly as the SDK
// that later uses the profile does ("[profile x]" vs "[x]", sso-session sections, comments).
import { loadSharedConfigFiles, type ParsedIniData } from '@smithy/core/config';

export interface AwsProfile {
  name: string;
  /** `region` from the config file (the credentials file may carry one too). */
  region?: string;
  /** Signs in with IAM Identity Center: sso_session or the legacy sso_start_url. */
  sso: boolean;
  /** Which files define it. */
  sources: ('config' | 'credentials')[];
}

export interface ProfileFiles {
  /** Shared config file; defaults to AWS_CONFIG_FILE or ~/.aws/config. */
  configFile?: string;
  /** Shared credentials file; defaults to AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials. */
  credentialsFile?: string;
}

/** Reads both files afresh (no cache: the user may have just run `aws configure`). Missing files yield no profiles. */
export async function listAwsProfiles(files: ProfileFiles = {}): Promise<AwsProfile[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    ignoreCache: true,
    ...(files.configFile ? { configFilepath: files.configFile } : {}),
    ...(files.credentialsFile ? { filepath: files.credentialsFile } : {}),
  });
  return mergeProfiles(configFile, credentialsFile);
}

export function mergeProfiles(config: ParsedIniData, credentials: ParsedIniData): AwsProfile[] {
  const byName = new Map<string, AwsProfile>();
  const add = (data: ParsedIniData, source: 'config' | 'credentials'): void => {
    for (const [name, values] of Object.entries(data)) {
      // The loader keys sso-session and services sections as "sso-session.NAME"; they are not profiles.
      if (/^(sso-session|services)\./.test(name)) continue;
      const profile = byName.get(name) ?? { name, sso: false, sources: [] };
      profile.sources.push(source);
      profile.region ??= values.region?.trim() || undefined;
      profile.sso ||= Boolean(values.sso_session || values.sso_start_url);
      byName.set(name, profile);
    }
  };
  add(config, 'config');
  add(credentials, 'credentials');
  // "default" first, the rest alphabetically: the order `aws configure list-profiles` users expect.
  return [...byName.values()].sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

/** An AWS region name such as us-east-1 or ap-southeast-2 (the same pattern as the region setting). */
export const AWS_REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;
