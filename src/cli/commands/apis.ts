// Placeholder until the owning issue lands; replaced by the real command.
export async function runApis(_argv: string[]): Promise<number> {
  throw new Error('streamgate apis is being built');
}
