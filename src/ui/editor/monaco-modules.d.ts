// Monaco's editor contributions are side-effect modules without their own type declarations.
declare module "monaco-editor/editor/contrib/*";
declare module "monaco-editor/editor/browser/coreCommands";
