import { describe, expect, it } from "vitest";
import { exitStatuses, knownSandboxError, solutionCommandProblem, visibleText } from "./solution-errors";

const mark = (status: number) => `\x1b]133;D;${status}\x07`;
const prompt = "\x1b[1;32mroot@docker-host\x1b[0m:\x1b[1;34m~\x1b[0m# ";

describe("the lesson walks' rule for solution commands", () => {
  it("reads the exit statuses the shell marks, and the text without marks and colours", () => {
    const raw = `docker cp /tmp/test.txt nginx:/tmp\r\nSuccessfully copied 2.05kB to nginx:/tmp\r\n${mark(0)}${prompt}`;
    expect(exitStatuses(raw)).toEqual([0]);
    expect(exitStatuses(`a${mark(1)}b${mark(125)}`)).toEqual([1, 125]);
    expect(visibleText(raw)).toBe("docker cp /tmp/test.txt nginx:/tmp\nSuccessfully copied 2.05kB to nginx:/tmp\nroot@docker-host:~# ");
  });

  it("shows a redrawn progress line as it ends up on screen (docker cp's progress)", () => {
    const cp = "Preparing to copy...\r\x1b[2KCopying to container - 0B\r\x1b[2KSuccessfully copied 2.05kB to nginx:/tmp\r\n";
    expect(visibleText(cp)).toBe("Successfully copied 2.05kB to nginx:/tmp\n");
    expect(visibleText("Copying 100%\rDone\r\n")).toBe("Doneing 100%\n");
    expect(visibleText("Copying 100%\rDone\x1b[K\r\n")).toBe("Done\n");
    // the CLI's own sequence: hide the cursor, save it, then restore + erase + redraw
    const saved = "\x1b[?25l\x1b[sPreparing to copy...\x1b[u\x1b[2KCopying to container - 0B\x1b[u\x1b[2KSuccessfully copied 2.05kB to nginx:/tmp\x1b[?25h\r\n";
    expect(visibleText(saved)).toBe("Successfully copied 2.05kB to nginx:/tmp\n");
    expect(visibleText("abc\x1b[2Dx\x1b[5Gy")).toBe("axc y");
  });

  it("passes a clean command, and fails a daemon error or a non-zero exit (the docker cp of issue 15)", () => {
    const step = {};
    expect(
      solutionCommandProblem(step, { command: "docker cp /tmp/test.txt nginx:/tmp", output: "Successfully copied 2.05kB to nginx:/tmp\n", exitStatus: 0 }),
    ).toBeNull();
    const cp = "Successfully copied 2.05kB to nginx:/tmp\nError response from daemon: chmod test.txt: via /proc/self/fd/35: no such file or directory\n";
    expect(solutionCommandProblem(step, { command: "docker cp /tmp/test.txt nginx:/tmp", output: cp, exitStatus: 1 })).toMatch(
      /printed a daemon error: Error response from daemon: chmod test.txt/,
    );
    expect(solutionCommandProblem(step, { command: "docker run --rm x", output: "docker: Error response from daemon: pull access denied for x\n" })).toMatch(
      /daemon error/,
    );
    expect(solutionCommandProblem(step, { command: "cat /nope", output: "cat: /nope: No such file or directory\n", exitStatus: 1 })).toMatch(
      /exited with status 1/,
    );
    // unknown status (a container's shell, Ctrl-C): only the text counts
    expect(solutionCommandProblem(step, { command: "ps aux", output: "PID USER\n" })).toBeNull();
  });

  it("requires the expected error of a command that fails on purpose, and allows its exit status", () => {
    const step = { expectedErrors: { "docker push 172.21.51.143:5000/nginx:alpine": "server gave HTTP response to HTTPS client" } };
    const push = 'Get "https://172.21.51.143:5000/v2/": http: server gave HTTP response to HTTPS client\n';
    expect(solutionCommandProblem(step, { command: "docker push 172.21.51.143:5000/nginx:alpine", output: push, exitStatus: 1 })).toBeNull();
    expect(solutionCommandProblem(step, { command: "docker push 172.21.51.143:5000/nginx:alpine", output: "abc: Pushed\n", exitStatus: 0 })).toMatch(
      /should fail with "server gave HTTP response/,
    );
    // other commands of the step keep the rule
    expect(
      solutionCommandProblem(step, {
        command: "docker tag nginx:alpine x",
        output: "Error response from daemon: No such image: nginx:alpine\n",
        exitStatus: 1,
      }),
    ).toMatch(/daemon error/);
  });

  it("tolerates the documented kill-limit error of the emulated CPU, and names it for the log", () => {
    const out = 'Error response from daemon: cannot remove container "/nginx": could not kill: tried to kill container, but did not receive an exit event\n';
    expect(solutionCommandProblem({}, { command: "docker rm -f nginx", output: out, exitStatus: 1 })).toBeNull();
    expect(knownSandboxError(out)).toMatch(/did not receive an exit event/);
    expect(knownSandboxError("Successfully copied\n")).toBeNull();
  });
});
