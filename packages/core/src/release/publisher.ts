// The Publisher port: what a release of one kind publishes (static files, a container image, an
// npm package). applyReleasePlan() runs the same steps for every kind (check, build, prepare,
// tag and claim, publish, seal) and leaves what differs to the publisher chosen by kind
// (createPublisher). The outcome is a union keyed by kind, so no caller asks "is there an image?".
import type { PublishedImage } from '../container/publish-container-release';
import type { ReleasePlan } from '../plan/release-plan';
import type { ListedObject } from '../store/object-store';
import type { LocalFile, PublishResult } from './publish-release-files';
import type { ManifestFile, ManifestImage, ManifestPackage } from './release-manifest';

/** The entry release.json seals for the artifact: its files, and the image or package published. */
export interface SealedEntry {
  files: ManifestFile[];
  image?: ManifestImage;
  package?: ManifestPackage;
}

/** What publish() did, by kind; `entry` is what the seal records. */
export type PublishedArtifact =
  | { kind: 'static'; entry: SealedEntry; uploaded: PublishResult }
  | { kind: 'container'; entry: SealedEntry; pushed: PublishedImage }
  | { kind: 'npm'; entry: SealedEntry & { package: ManifestPackage }; uploaded: PublishResult; status: 'published' | 'already-published' };

/** After the build, before the tag: the files the release stores, and its release folder as it was (for the foreign-files check). */
export interface PreparedArtifact {
  files: LocalFile[];
  folder: ListedObject[];
}

export interface Publisher {
  readonly kind: ReleasePlan['kind'];
  /** Before the build and the claim: refuses (a TagdeployError) what could not be published. Reads only. */
  check(plan: ReleasePlan): Promise<void>;
  /**
   * After the build, before the tag: reads (or makes, for a package) what will be published and
   * refuses what the destination would not take, so that a claimed release can always be sealed.
   */
  prepare(release: ReleasePlan): Promise<PreparedArtifact>;
  /** After the claim: publishes idempotently (what is already there with the same bytes counts as published). */
  publish(release: ReleasePlan, prepared: PreparedArtifact): Promise<PublishedArtifact>;
}
