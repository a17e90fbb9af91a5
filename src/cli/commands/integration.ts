// Placeholder until the owning issue lands; replaced by the real command.
export async function runIntegration(_argv: string[]): Promise<number> {
  throw new Error('streamgate integration is being built');
}
