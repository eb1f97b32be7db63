// The ImageRunner port: starts an image as a cluster would (its entrypoint, env, working dir, user
// and port, its own network) and hands out connections to its port. Adapter:
// namespace-image-runner.ts (Linux namespaces, no container engine).
import type { Socket } from 'node:net';
import type { ImageStorage } from './image-ports';

export interface ImageToRun {
  storage: ImageStorage;
  repository: string;
  /** The manifest digest: what the env's GitOps file pins. */
  digest: string;
  /** For messages: "payments-api 0.2.0 (127.0.0.1:5000/shop/payments-api@sha256:…)". */
  what: string;
}

export interface RunningImage {
  digest: string;
  /** A new connection to the container's port, inside its network. */
  connect(): Socket;
  /** Settles when the container's process ends (its exit code, or null after a signal). */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after a grace period; removes its root folder. */
  stop(): Promise<void>;
}

export interface ImageRunner {
  /** Unpacks and starts the image; throws IMAGE_RUN_FAILED when it cannot start. */
  start(image: ImageToRun, options: { port: number; onLine?: (line: string) => void }): Promise<RunningImage>;
}
