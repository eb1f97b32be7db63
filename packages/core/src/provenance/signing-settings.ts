// The `signing` workspace setting: where the key that signs release provenance comes from, and
// the public key that verifies it. Key material never lives in the settings, only where to find it.
import { z } from 'zod';

const keySource = z
  .string()
  .min(1, { message: 'must not be empty', abort: true })
  .refine((value) => !value.startsWith('env:') || /^env:[A-Za-z_][A-Za-z0-9_]*$/.test(value), 'env:NAME needs the name of an environment variable (letters, digits, _)');

export const signingSchema = z
  .object({
    key: keySource
      .optional()
      .describe(
        'The private key that signs every release (PEM, ECDSA P-256/P-384, Ed25519 or RSA): "env:NAME" reads the PEM from that environment variable (CI secrets), anything else is a file path (relative to the workspace, or absolute). Absent: releases are not signed.',
      ),
    publicKey: keySource
      .optional()
      .describe('The public key (PEM) that release-verify and "requireSignature" envs check against: a file path (commit it) or "env:NAME". Absent: derived from "key".'),
  })
  .strict()
  .describe('Signed provenance: an in-toto statement with a SLSA provenance predicate, signed as a Sigstore bundle (DSSE) beside release.json. No transparency log: works offline.');

export type SigningSettings = z.output<typeof signingSchema>;
