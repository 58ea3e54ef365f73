import { describe, expect, it } from 'vitest';
import { loadNativeAddon, type NativeAddonName } from './native-addon.js';

// The native specs elsewhere skip when an addon is missing, so that the portable paths can be tested alone. This spec
// makes a missing addon visible: unless the native build is disabled on purpose (MEMSWEEP_NATIVE=0), both addons must
// have been built by `nx build` and must load.
const disabled = process.env.MEMSWEEP_NATIVE === '0';

describe.skipIf(disabled)('the native addons built by native/build.mjs', () => {
  it.each<NativeAddonName>(['memsweep_eval', 'memsweep_train'])('%s loads (set MEMSWEEP_NATIVE=0 where no compiler exists)', (name) => {
    const load = loadNativeAddon(name);
    expect(load.ok ? 'loaded' : load.reason).toBe('loaded');
  });
});
