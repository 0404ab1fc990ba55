// Loads the editor: the module script Trunk points at (no inline script, for the page's CSP).
const me = document.querySelector('script[data-js]');

// A module of its own, next to this file (`name`.js + `name`_bg.wasm, built by Trunk with no
// script tag): fetched and instantiated the first time the editor calls the returned loader,
// then kept. `fn` names one of the module's exports; the answer is text. A failed load or call
// is not kept: the next call loads the module again.
const onDemand = (name) => {
  let module;
  return async (fn, ...args) => {
    module ??= (async () => {
      const m = await import(new URL(`${name}.js`, import.meta.url));
      await m.default({ module_or_path: new URL(`${name}_bg.wasm`, import.meta.url) });
      return m;
    })();
    try {
      return (await module)[fn](...args);
    } catch (e) {
      module = undefined;
      throw e;
    }
  };
};
// The Terraform / ROS importer (web-import/, archlint-import compiled to WASM), when a .tf, ROS
// .yaml or ROS .json file is opened: `import_terraform` or `import_ros`, answering JSON text.
globalThis.archlintImport = onDemand('archlint-web-import');
// The rules' documentation (web-docs/), when the Rules dialog or a rule's documentation is
// first opened: `rule_docs`, answering JSON text.
globalThis.archlintDocs = onDemand('archlint-web-docs');

const init = (await import(me.dataset.js)).default;
await init({ module_or_path: me.dataset.wasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted'));
