// What the hand-written renderer (removed with the move to conventional-changelog) wrote for each
// plan of changelog-scenarios.ts, captured before it was deleted.
export const oldRendererOutput: Record<string, string> = {
  "every group":
    "## 2.0.0 (2024-05-01)\n\n### ⚠ Breaking changes\n\n- cart: new totals (2d27364)\n\n### Features\n\n- coupons (d8f87fe)\n\n### Bug fixes\n\n- cart: rounding (7aa96af)\n\n### Performance\n\n- faster (b257544)\n",
  "a first release of other changes":
    "## 0.1.0 (2024-05-01)\n\n### Other changes\n\n- scaffold (eeeb098)\n- Update prices (7b2ad83)\n",
  "changes through a dependency":
    "## 0.2.0 (2024-05-01)\n\n### Features\n\n- ui: add Button (049a398)\n\n### Bug fixes\n\n- ui (button): focus ring (4a1ac60)\n- totals (62ff148)\n",
  "a breaking footer and a revert of a released feat":
    "## 2.0.0 (2024-05-01)\n\n### ⚠ Breaking changes\n\n- theme (9d45484)\n  --primary is now --accent\n\n### Reverts\n\n- feat(cart): coupons (f5a2b5c, reverts 254750f)\n",
  "other types released as patches":
    "## 0.1.1 (2024-05-01)\n\n### Other changes\n\n- deps (e35b1df)\n- readme (9c577b9)\n",
};
