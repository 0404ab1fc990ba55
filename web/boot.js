// Loads the editor: the module script Trunk points at (no inline script, for the page's CSP).
const me = document.querySelector('script[data-js]');

// The Terraform / ROS importer (web-import/, archlint-import compiled to WASM) is a module of
// its own, next to this file: fetched and instantiated the first time the editor calls this
// (a .tf, ROS .yaml or ROS .json file opened), then kept. `fn` is `import_terraform` or
// `import_ros`; the answer is JSON text. A failed load or call is not kept: the next call
// loads the module again.
let importer;
globalThis.archlintImport = async (fn, ...args) => {
  importer ??= (async () => {
    const m = await import(new URL('archlint-web-import.js', import.meta.url));
    await m.default({ module_or_path: new URL('archlint-web-import_bg.wasm', import.meta.url) });
    return m;
  })();
  try {
    return (await importer)[fn](...args);
  } catch (e) {
    importer = undefined;
    throw e;
  }
};

const init = (await import(me.dataset.js)).default;
await init({ module_or_path: me.dataset.wasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted'));
