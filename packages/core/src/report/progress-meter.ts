// Upload progress on stderr: files, bytes, rate and ETA. On a terminal it is one line redrawn in
// place; elsewhere (CI logs) it becomes a plain line every few seconds, so logs stay readable.

export interface ProgressSink {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressMeter {
  advance(bytes: number): void;
  done(): void;
}

export interface ProgressOptions {
  label: string;
  totalFiles: number;
  totalBytes: number;
  sink: ProgressSink;
  now?: () => number;
  /** Minimum milliseconds between two redraws on a terminal / two lines elsewhere. */
  ttyInterval?: number;
  lineInterval?: number;
}

export function createProgressMeter(options: ProgressOptions): ProgressMeter {
  const now = options.now ?? Date.now;
  const started = now();
  const interval = options.sink.isTTY ? (options.ttyInterval ?? 100) : (options.lineInterval ?? 5_000);
  let files = 0;
  let bytes = 0;
  let shown = started;
  let drawnFiles = -1;
  const draw = (final: boolean) => {
    drawnFiles = files;
    const line = formatProgress({ label: options.label, files, bytes, totalFiles: options.totalFiles, totalBytes: options.totalBytes, elapsedMs: now() - started });
    if (options.sink.isTTY) options.sink.write(`\r\x1b[2K${line}${final ? '\n' : ''}`);
    else options.sink.write(`${line}\n`);
  };
  return {
    advance(more) {
      files += 1;
      bytes += more;
      if (now() - shown >= interval) {
        shown = now();
        draw(false);
      }
    },
    done() {
      // A log line that would repeat the last one adds nothing; a terminal still needs its newline.
      if (options.sink.isTTY || drawnFiles !== files) draw(true);
    },
  };
}

export interface ProgressState {
  label: string;
  files: number;
  bytes: number;
  totalFiles: number;
  totalBytes: number;
  elapsedMs: number;
}

export function formatProgress(state: ProgressState): string {
  const rate = state.elapsedMs > 0 ? (state.bytes * 1000) / state.elapsedMs : 0;
  const percent = state.totalBytes > 0 ? Math.floor((state.bytes / state.totalBytes) * 100) : 100;
  const eta = rate > 0 && state.bytes < state.totalBytes ? `, ETA ${formatDuration(((state.totalBytes - state.bytes) / rate) * 1000)}` : '';
  return `${state.label} ${percent}% ${state.files}/${state.totalFiles} files, ${formatBytes(state.bytes)}/${formatBytes(state.totalBytes)}, ${formatBytes(rate)}/s${eta}`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

function formatDuration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}
