// archlint for VS Code: starts `archlint lsp` and connects it to the editor. Plain JavaScript
// (no build step); the language client is vscode-languageclient.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function settings() {
  const cfg = vscode.workspace.getConfiguration('archlint');
  return {
    path: cfg.get('path') || 'archlint',
    lang: cfg.get('lang') || 'auto',
    coverage: cfg.get('coverage') !== false,
  };
}

function start() {
  const { path, lang, coverage } = settings();
  const run = { command: path, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'archlint',
    'archlint',
    { run, debug: run },
    {
      // Designs are JSON, ROS templates JSON or YAML, Terraform `.tf` / `.tfvars` (with or
      // without a Terraform language extension). The server ignores JSON and YAML files that
      // are not archlint designs or ROS templates.
      documentSelector: [
        { scheme: 'file', language: 'json' },
        { scheme: 'file', language: 'jsonc' },
        { scheme: 'untitled', language: 'json' },
        { scheme: 'file', language: 'yaml' },
        { scheme: 'file', language: 'terraform' },
        { scheme: 'file', pattern: '**/*.tf' },
        { scheme: 'file', pattern: '**/*.tfvars' },
      ],
      initializationOptions: { lang, coverage },
      // Sends `workspace/didChangeConfiguration` with the `archlint` section when it changes.
      synchronize: { configurationSection: 'archlint' },
    },
  );
  return client.start();
}

async function restart() {
  if (client) {
    await client.stop();
  }
  await start();
}

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('archlint.restart', restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // A new executable needs a new server; the language is sent to the running one.
      if (e.affectsConfiguration('archlint.path')) {
        restart();
      }
    }),
  );
  return start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
