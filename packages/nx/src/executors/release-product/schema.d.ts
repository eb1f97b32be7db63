export interface ReleaseProductOptions {
  dryRun?: boolean;
  releaseAs?: string;
  preid?: string;
  firstRelease?: boolean;
  push?: boolean;
  allowBranch?: boolean;
  json?: boolean;
  outputFile?: string;
}
