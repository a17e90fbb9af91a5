// "Enable access logging…" from the Hops view on AWS: asks for the CloudWatch Logs group to log
// to, shows the exact UpdateStage it will run (a JSON format with the streaming variables), and
// runs it only after a modal yes. Nothing changes when the user cancels at any point.
import * as vscode from 'vscode';
import type { MethodTarget } from '../../shared/protocol';
import type { AwsTraceSettings } from './awsTraceSource';

const LOG_GROUP_ARN = /^arn:aws[\w-]*:logs:[a-z0-9-]+:\d{12}:log-group:[\w./#-]+(:\*)?$/;

export async function enableAccessLogging(target: MethodTarget, stage: string, settings: AwsTraceSettings): Promise<boolean> {
  const arn = await vscode.window.showInputBox({
    title: vscode.l10n.t('StreamGate: access logging for stage {0}', stage),
    prompt: vscode.l10n.t('The CloudWatch Logs log group the stage writes its access log to (it must exist; API Gateway needs the account\'s CloudWatch Logs role).'),
    placeHolder: vscode.l10n.t('e.g. {0}', `arn:aws:logs:${settings.region}:123456789012:log-group:API-Gateway-Access-Logs_${target.apiId}/${stage}`),
    ignoreFocusOut: true,
    validateInput: (v) => (LOG_GROUP_ARN.test(v.trim()) ? undefined : vscode.l10n.t('A log group ARN: arn:aws:logs:REGION:ACCOUNT:log-group:NAME')),
  });
  if (!arn) return false;
  const [{ enableAccessLogPatch }, { awsClients }, { UpdateStageCommand }] = await Promise.all([
    import('../../core/trace'), import('./awsTraceSource'), import('@aws-sdk/client-api-gateway'),
  ]);
  const patch = enableAccessLogPatch(arn.trim());
  const enable = vscode.l10n.t('Enable Access Logging');
  const pick = await vscode.window.showWarningMessage(vscode.l10n.t('Turn on access logging for stage "{0}" of API {1}?', stage, target.apiId), {
    modal: true,
    detail: `${vscode.l10n.t('UpdateStage on {0}:', `${target.apiId}/${stage}`)}\n${patch.map((p) => `${p.op} ${p.path} = ${p.value.length > 120 ? `${p.value.slice(0, 120)}…` : p.value}`).join('\n')}\n\n${vscode.l10n.t('The format logs $context.integration.responseTransferMode, timeToAllHeaders and timeToFirstContent, which the Hops view reads. CloudWatch Logs charges for what is logged.')}`,
  }, enable);
  if (pick !== enable) return false;
  const { apigw } = await awsClients(settings);
  await apigw.send(new UpdateStageCommand({ restApiId: target.apiId, stageName: stage, patchOperations: patch }));
  return true;
}
