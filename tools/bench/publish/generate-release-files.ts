// A deterministic synthetic build output for the publish benchmark: 5,000 files, ~100 MB in all,
// of mixed sizes (mostly small assets, some larger chunks, three over 16 MB so that they go
// multipart), with incompressible bytes from a seeded PRNG. Written once to a temp folder.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { seededRandom } from '../../support/seeded-random';

export interface GeneratedFiles {
  dir: string;
  count: number;
  bytes: number;
}

const MiB = 1024 * 1024;
const largeSizes = [17 * MiB, 18 * MiB, 20 * MiB];
const mediumCount = 190;
const totalCount = 5_000;
const extensions = ['js', 'css', 'html', 'png', 'woff2', 'json', 'svg', 'map'];

export function generateReleaseFiles(seed = 7): GeneratedFiles {
  const random = seededRandom(seed);
  const dir = mkdtempSync(join(tmpdir(), 'tagdeploy-bench-publish-'));
  const sizes = [
    ...largeSizes,
    ...Array.from({ length: mediumCount }, () => 50_000 + Math.floor(random() * 50_000)),
    ...Array.from({ length: totalCount - mediumCount - largeSizes.length }, () => 1_000 + Math.floor(random() * 11_500)),
  ];
  let bytes = 0;
  sizes.forEach((size, i) => {
    const path = join(dir, i < largeSizes.length ? `media/video-${i}.mp4` : `assets/d${i % 50}/chunk-${i}.${extensions[i % extensions.length]}`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, randomBytes(size, random));
    bytes += size;
  });
  return { dir, count: sizes.length, bytes };
}

function randomBytes(size: number, random: () => number): Buffer {
  const words = new Uint32Array(Math.ceil(size / 4));
  for (let i = 0; i < words.length; i++) words[i] = random() * 0x1_0000_0000;
  return Buffer.from(words.buffer, 0, size);
}

