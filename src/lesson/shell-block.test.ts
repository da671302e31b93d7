import { describe, expect, it } from "vitest";
import { opensContainerShell, parseShellBlock } from "./shell-block";

describe("parseShellBlock", () => {
  it("strips the $ prompt and keeps sample output apart from commands", () => {
    const b = parseShellBlock(
      [
        "$ docker images",
        "REPOSITORY    TAG                 IMAGE ID            CREATED             SIZE",
        "nginx         alpine              377c0837328f        2 weeks ago         19.7MB",
      ].join("\n"),
    );
    expect(b.commands).toEqual([
      {
        text: "docker images",
        inContainer: false,
        output:
          "REPOSITORY    TAG                 IMAGE ID            CREATED             SIZE\nnginx         alpine              377c0837328f        2 weeks ago         19.7MB",
      },
    ]);
    expect(b.lines.map((l) => l.kind)).toEqual(["command", "output", "output"]);
  });

  it("takes every non-comment line as a command when no line has a prompt", () => {
    const b = parseShellBlock("# remove it\ndocker rmi nginx:alpine\n\ndocker images\n");
    expect(b.commands.map((c) => c.text)).toEqual(["docker rmi nginx:alpine", "docker images"]);
    expect(b.commands[0]!.comment).toBe("remove it");
  });

  it("marks `# cmd` after docker exec -ti … sh as typed inside the container", () => {
    const b = parseShellBlock("# 进入容器内部\n$ docker exec -ti my-nginx-alpine /bin/sh\n# ps aux|grep nginx\n# curl localhost:80\n");
    expect(b.commands).toEqual([
      { text: "docker exec -ti my-nginx-alpine /bin/sh", inContainer: false, comment: "进入容器内部" },
      { text: "ps aux|grep nginx", inContainer: true },
      { text: "curl localhost:80", inContainer: true },
    ]);
  });

  it("keeps ## lines and Chinese # lines as comments, and attaches them to the next command", () => {
    const b = parseShellBlock("## 后台启动\n$ docker run --name nginx -d nginx:alpine\n\n## 映射端口\n$ docker run --name nginx -d -p 8080:80 nginx:alpine\n");
    expect(b.commands.map((c) => [c.text, c.comment])).toEqual([
      ["docker run --name nginx -d nginx:alpine", "后台启动"],
      ["docker run --name nginx -d -p 8080:80 nginx:alpine", "映射端口"],
    ]);
    expect(b.lines.filter((l) => l.kind === "comment")).toHaveLength(2);
  });

  it("handles the indented fence of a nested list item and trailing blank lines", () => {
    const b = parseShellBlock("   $ docker exec -ti my-nginx-ubuntu /bin/sh\n   # ps aux\n   \n");
    expect(b.commands).toEqual([
      { text: "docker exec -ti my-nginx-ubuntu /bin/sh", inContainer: false },
      { text: "ps aux", inContainer: true },
    ]);
  });

  it("does not treat # lines after a non-shell exec as container commands", () => {
    const b = parseShellBlock("$ docker exec -ti nginx cat /tmp/test.txt\n123\n# done\n");
    expect(b.commands).toEqual([{ text: "docker exec -ti nginx cat /tmp/test.txt", inContainer: false, output: "123" }]);
  });

  it("turns tabs into spaces so a pasted command does not trigger completion", () => {
    const b = parseShellBlock("$ docker images\t# IMAGE ID相同\n");
    expect(b.commands[0]!.text).toBe("docker images # IMAGE ID相同");
  });

  it("keeps line continuations and here-documents in one command", () => {
    const b = parseShellBlock(
      [
        "$ docker run -d \\",
        "    -p 5000:5000 registry:2",
        "$ cat > /etc/docker/daemon.json <<'EOF'",
        "{",
        '  "insecure-registries": ["172.21.51.143:5000"]',
        "}",
        "EOF",
        "$ docker info",
      ].join("\n"),
    );
    expect(b.commands.map((c) => c.text)).toEqual([
      "docker run -d \\\n  -p 5000:5000 registry:2",
      'cat > /etc/docker/daemon.json <<\'EOF\'\n{\n  "insecure-registries": ["172.21.51.143:5000"]\n}\nEOF',
      "docker info",
    ]);
  });

  it("recognises commands that open a shell in a container", () => {
    expect(opensContainerShell("docker exec -ti web /bin/sh")).toBe(true);
    expect(opensContainerShell("docker exec -i -t web bash")).toBe(true);
    expect(opensContainerShell("docker run -it --rm alpine sh")).toBe(true);
    expect(opensContainerShell("docker exec web sh")).toBe(false);
    expect(opensContainerShell("docker exec -ti web hostname")).toBe(false);
  });
});
