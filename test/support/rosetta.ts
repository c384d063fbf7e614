import { join } from 'node:path';
import { ROOT, bin, run } from './jsii';

/**
 * `jsii-rosetta extract --strict` over the built assembly: compiles every TypeScript block of the
 * README (the assembly's readme) and of the @example tags against the fixtures in rosetta/, fails on
 * any diagnostic, and writes the translations to `tablet` for jsii-pacmak.
 */
export function runExtract(tablet: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(bin('jsii-rosetta'), ['extract', '--strict', '--batch', '100', '--cache-to', tablet, join(ROOT, '.jsii')], { timeoutMs: 420_000 });
}

/** The compiler's complaints in rosetta's output, without Node's end-of-life banner. */
export function diagnosticsOf(result: { stdout: string; stderr: string }): string {
  return `${result.stdout}\n${result.stderr}`
    .split('\n')
    .filter((line) => !line.startsWith('!!') && line.trim() !== '')
    .join('\n');
}

export interface PythonDocs {
  /** Every docstring of the package, with its module and node. */
  readonly docstrings: Array<{ where: string; text: string }>;
  /** The ```python blocks of the docstrings. */
  readonly pythonBlocks: Array<{ where: string; code: string }>;
  /** The info strings of every fenced block of the docstrings. */
  readonly fences: string[];
  /** python3's complaints about a ```python block that is not valid Python. */
  readonly syntaxErrors: string[];
}

// Python's own parser reads the generated modules' docstrings and compiles each python block.
const READ_DOCS = `
import ast, json, os, re, sys
root = sys.argv[1]
out = {"docstrings": [], "pythonBlocks": [], "fences": [], "syntaxErrors": []}
fence = re.compile(r"^( *)\`\`\`(\\S*)[^\\n]*\\n(.*?)^\\1\`\`\`", re.S | re.M)
for dirpath, _, files in os.walk(root):
    for f in files:
        if not f.endswith(".py"):
            continue
        path = os.path.join(dirpath, f)
        tree = ast.parse(open(path).read(), path)
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            doc = ast.get_docstring(node)
            if not doc:
                continue
            where = "%s:%s" % (os.path.relpath(path, root), getattr(node, "name", "<module>"))
            out["docstrings"].append({"where": where, "text": doc})
            for m in fence.finditer(doc):
                out["fences"].append(m.group(2))
                if m.group(2) != "python":
                    continue
                code = "\\n".join(line[len(m.group(1)):] for line in m.group(3).split("\\n"))
                out["pythonBlocks"].append({"where": where, "code": code})
                try:
                    compile(code, where, "exec")
                except SyntaxError as e:
                    out["syntaxErrors"].append("%s: %s\\n%s" % (where, e, code))
print(json.dumps(out))
`;

/** Reads the docstrings of the generated Python package under `moduleDir`. */
export async function pythonDocs(moduleDir: string): Promise<PythonDocs> {
  const result = await run('python3', ['-c', READ_DOCS, moduleDir], { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`python3 could not read the docstrings of ${moduleDir}:\n${result.stderr}`);
  return JSON.parse(result.stdout) as PythonDocs;
}

