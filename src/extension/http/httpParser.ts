// What the .http support needs from the parser, in one module: httpFiles.ts loads it on first
// use (the first .http document checked or CodeLens asked for), not at activation.
export { analyzeHttpFileAt, HttpFileError, prepareBlock, type HttpFileOptions } from '../../core/httpFile/prepare';
export { environmentNames, requestAtLine, type AnalyzedHttpFile, type HttpDiagnostic } from '../../shared/http';
