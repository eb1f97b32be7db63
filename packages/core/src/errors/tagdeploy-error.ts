// The one error type of tagdeploy: a stable code for machines and a one-line message that says
// what happened and what to do next. Core throws; only the executor boundary renders.

export type ErrorCode =
  | 'NOT_A_PRODUCT'
  | 'INVALID_CONFIG'
  | 'DIRTY_TREE'
  | 'WRONG_BRANCH'
  | 'DETACHED_HEAD'
  | 'BUILD_TARGET_MISSING'
  | 'BUILD_FAILED'
  | 'BUILD_OUTPUT_MISSING'
  | 'UNSAFE_OUTPUT'
  | 'UNPUBLISHABLE_OUTPUT'
  | 'RELEASE_FOLDER_TAKEN'
  | 'TAG_EXISTS'
  | 'PUSH_REJECTED'
  | 'BAD_RELEASE_AS'
  | 'UNSEALED_RELEASE'
  | 'NOT_FIRST_RELEASE'
  | 'HISTORY_INCOMPLETE'
  | 'REMOTE_UNAVAILABLE'
  | 'OBJECT_CONFLICT'
  | 'STORE_UNAVAILABLE'
  | 'STORE_LOCKED'
  | 'PRECONDITION_FAILED'
  | 'NOT_IMPLEMENTED'
  | 'GIT_FAILED'
  | 'IMAGE_TAG_EXISTS'
  | 'REGISTRY_UNAVAILABLE'
  | 'REGISTRY_AUTH'
  | 'REGISTRY_ERROR'
  | 'BUILDER_MISSING'
  | 'IMAGE_BUILD_FAILED'
  | 'IMAGE_INVALID'
  | 'IMAGE_BASE_MISSING'
  | 'IMAGE_BASE_NOT_FOUND'
  | 'IMAGE_ENTRYPOINT_MISSING'
  | 'IMAGE_RUNTIME_MISMATCH'
  | 'IMAGE_RUN_FAILED'
  | 'ROUTER_UNAVAILABLE'
  | 'ROUTER_CONFLICT'
  | 'INVALID_KEY'
  | 'CHECKSUM_MISMATCH'
  // abandoning a claimed release that can never be sealed
  | 'NO_SUCH_RELEASE'
  | 'RELEASE_SEALED'
  | 'RELEASE_NOT_CLAIMED'
  | 'RELEASE_ABANDONED'
  // npm products
  | 'NPM_PACKAGE_INVALID'
  | 'NPM_VERSION_TAKEN'
  | 'DEPENDENCY_UNRELEASED'
  | 'DEPENDENCY_NOT_PUBLISHED'
  // environments (deploy, promote, rollback)
  | 'UNKNOWN_ENV'
  | 'ENV_NOT_ALLOWED'
  | 'UNKNOWN_RELEASE'
  | 'NO_SEALED_RELEASE'
  | 'NO_PROMOTION_SOURCE'
  | 'SOURCE_ENV_EMPTY'
  | 'PROMOTE_MISMATCH'
  | 'NO_EARLIER_RELEASE'
  | 'NOT_IN_HISTORY'
  | 'REASON_REQUIRED'
  | 'APPROVAL_REQUIRED'
  | 'APPROVAL_DECLINED'
  | 'APPROVER_NOT_DISTINCT'
  | 'APPROVAL_SETTINGS_UNCOMMITTED'
  | 'ENV_CONFLICT'
  | 'ENV_STATE_INVALID'
  | 'ENV_CHANGE_UNFINISHED'
  | 'ENV_LOCKED'
  | 'RELEASE_CORRUPT'
  // signed provenance, release-verify, release-prune
  | 'SIGNING_KEY_MISSING'
  | 'SIGNING_KEY_INVALID'
  | 'RELEASE_UNSIGNED'
  | 'SIGNATURE_INVALID'
  | 'PROVENANCE_MISMATCH'
  | 'RELEASE_UNVERIFIED'
  | 'RELEASE_PRUNED'
  // release-verify --rebuild
  | 'RELEASE_NOT_REPRODUCIBLE'
  | 'REBUILD_NOT_SUPPORTED'
  // container products: the GitOps repo
  | 'GITOPS_UNAVAILABLE'
  | 'GITOPS_FILE_INVALID'
  | 'GITOPS_ENV_MISSING'
  | 'GITOPS_PUSH_FAILED'
  | 'IMAGE_MISSING'
  | 'ENV_DRIFT'
  | 'IMAGE_NOT_IN_REGISTRY'
  // hosts: finding and reading the workspace, the command line
  | 'NO_WORKSPACE'
  | 'TURBO_MISSING'
  | 'NX_MISSING'
  | 'WORKSPACE_UNREADABLE'
  | 'USAGE'
  | 'PORT_UNAVAILABLE'
  | 'OUTPUT_FILE_UNWRITABLE';

export class TagdeployError extends Error {
  override readonly name = 'TagdeployError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isTagdeployError(error: unknown): error is TagdeployError {
  return error instanceof Error && (error as { name?: string }).name === 'TagdeployError';
}
