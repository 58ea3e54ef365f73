export { loadNativeAddon, type NativeAddonLoad, type NativeAddonName } from './native-addon.js';
