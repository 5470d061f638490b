import { BUSINESS_PRESETS } from './preset-catalog-business';
import { DEVELOPER_PRESETS } from './preset-catalog-developer';
import type { Preset } from './presets';

/**
 * The provider presets. Each follows the provider's public documentation, linked in `docs`; per-account values are
 * `{name}` placeholders described by `params`. Checked by test/unit/presets.test.ts (every auth validates) and
 * test/integration/presets-servers.test.ts (each non-OAuth preset against a server enforcing the documented contract).
 */
export const PRESETS: readonly Preset[] = [...BUSINESS_PRESETS, ...DEVELOPER_PRESETS];
