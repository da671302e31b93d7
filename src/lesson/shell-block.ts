/**
 * The commands in a ```bash / ```sh block, the way a learner reads them:
 *
 *     # 进入容器内部            ← comment (no shell opened yet)
 *     $ docker exec -ti web sh ← command
 *     # ps aux                 ← command typed inside the container (inContainer)
 *     PID   USER   COMMAND     ← sample output of `ps aux`
 *
 * With `$ ` prompts, other lines are output and `#` lines are comments, except that `# cmd` right
 * after a command that opened a shell in a container (`docker exec -ti … sh`) is a command typed
 * in that shell. Without any `$ ` prompt, every non-empty line not starting with `#` is a command.
 * A line ending in `\` continues on the next line; a here-document (`<<EOF`) runs to its delimiter.
 */

export interface ShellCommand {
  /** What to type (tabs made spaces, so pasting it does not trigger completion). */
  text: string;
  /** Typed inside a container's shell opened by an earlier `docker exec -ti … sh`. */
  inContainer: boolean;
  /** The sample output shown under it, if any. */
  output?: string;
  /** Comment lines written right above it (`## 后台启动`), without the `#`s. */
  comment?: string;
}

export type ShellLine =
  | { kind: "command"; text: string; inContainer: boolean; command: number }
  | { kind: "output"; text: string; command?: number }
  | { kind: "comment"; text: string }
  | { kind: "blank"; text: "" };

export interface ShellBlock {
  commands: ShellCommand[];
  /** Every line in order, classified, for display. */
  lines: ShellLine[];
}

export function parseShellBlock(code: string): ShellBlock {
  const raw = dedent(code.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n"));
  const prompted = raw.some((l) => /^\$ /.test(l.trimStart()) || l.trim() === "$");
  const commands: ShellCommand[] = [];
  const lines: ShellLine[] = [];
  let pendingComment: string[] = [];
  let shellOpen = false;
  let last: ShellCommand | undefined;
  let outputLines: string[] = [];

  const flushOutput = () => {
    if (last && outputLines.length) {
      const out = outputLines.join("\n").replace(/\s+$/, "");
      if (out) last.output = out;
    }
    outputLines = [];
  };
  const addCommand = (text: string, inContainer: boolean) => {
    flushOutput();
    const cmd: ShellCommand = { text: text.replace(/\t/g, " ").replace(/[ ]+$/gm, ""), inContainer };
    if (pendingComment.length) cmd.comment = pendingComment.join("\n");
    pendingComment = [];
    commands.push(cmd);
    lines.push({ kind: "command", text: cmd.text, inContainer, command: commands.length - 1 });
    last = cmd;
  };

  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!;
    const t = line.trimStart();
    if (t.trim() === "") {
      lines.push({ kind: "blank", text: "" });
      pendingComment = [];
      if (last && outputLines.length) outputLines.push("");
      continue;
    }
    const isPrompt = prompted && (t.startsWith("$ ") || t.trim() === "$");
    if (isPrompt || (!prompted && !t.startsWith("#"))) {
      const first = isPrompt ? t.slice(1).trim() : t;
      if (!first) continue;
      const [text, consumed] = continued(first, raw, i);
      i += consumed;
      addCommand(text, false);
      shellOpen = opensContainerShell(text);
      continue;
    }
    if (t.startsWith("#")) {
      const inner = t.replace(/^#+\s?/, "");
      if (prompted && shellOpen && /^# \S/.test(t) && !hasCjk(t)) {
        const [text, consumed] = continued(inner.trim(), raw, i);
        i += consumed;
        addCommand(text, true);
        if (/^(exit|logout)\b/.test(text)) shellOpen = false;
        continue;
      }
      flushOutput();
      last = undefined;
      lines.push({ kind: "comment", text: line });
      pendingComment.push(inner.trim());
      continue;
    }
    // A prompted block's non-command, non-comment line: sample output of the command above.
    pendingComment = [];
    if (last) {
      outputLines.push(line);
      lines.push({ kind: "output", text: line, command: commands.length - 1 });
    } else lines.push({ kind: "output", text: line });
  }
  flushOutput();
  return { commands, lines };
}

/** The command starting at raw[i] with its `\` continuations and here-document; returns [text, extra lines used]. */
function continued(first: string, raw: string[], i: number): [string, number] {
  const parts = [first];
  let j = i;
  while (/\\$/.test(parts[parts.length - 1]!) && j + 1 < raw.length) {
    j++;
    parts.push(raw[j]!.replace(/^\s*(\$ )?/, "  "));
  }
  const heredoc = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(parts.join("\n"));
  if (heredoc) {
    const delimiter = heredoc[2]!;
    while (j + 1 < raw.length) {
      j++;
      parts.push(raw[j]!);
      if (raw[j]!.trim() === delimiter) break;
    }
  }
  return [parts.join("\n"), j - i];
}

/** `docker exec -ti web /bin/sh`, `docker run -it alpine sh`, `docker attach web`. */
export function opensContainerShell(command: string): boolean {
  const words = command.trim().split(/\s+/);
  if (words[0] === "sudo") words.shift();
  if (words[0] !== "docker") return false;
  let k = 1;
  if (words[k] === "container") k++;
  const sub = words[k];
  if (sub === "attach") return true;
  if (sub !== "exec" && sub !== "run") return false;
  const interactive = words.some((w) => /^-[a-zA-Z]*[it][a-zA-Z]*$/.test(w) || w === "--interactive" || w === "--tty");
  const lastWord = words[words.length - 1] ?? "";
  return interactive && /(^|\/)(sh|bash|ash|dash|zsh)$/.test(lastWord);
}

function hasCjk(s: string): boolean {
  return /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/.test(s);
}

/** Remove the indentation all non-empty lines share (fences nested in lists keep theirs). */
function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^[ \t]*/.exec(l)![0].length);
  const n = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(n, /^[ \t]*/.exec(l)![0].length)));
}
