// Loads the editor: the module script Trunk points at (no inline script, for the page's CSP).
const me = document.querySelector('script[data-js]');
const init = (await import(me.dataset.js)).default;
await init({ module_or_path: me.dataset.wasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted'));
