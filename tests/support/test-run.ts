export interface TestRun {
  readonly runId: string;
  readonly adminUrl: string;
  readonly template: string;
  readonly tempDir: string | undefined;
  readonly stop: (() => Promise<void>) | undefined;
}
