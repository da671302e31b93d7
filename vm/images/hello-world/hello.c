/* hello-world for the docker-core sandbox: a static i386 program without libc (two Linux system calls),
 * built by vm/images/build-catalog.sh with gcc -m32 -static -Os -nostdlib. */

static const char message[] =
  "\n"
  "Hello from Docker!  (docker-core sandbox)\n"
  "This message shows that your installation appears to be working correctly.\n"
  "\n"
  "To generate this message, Docker took the following steps:\n"
  " 1. The Docker client (docker) contacted the Docker daemon (dockerd)\n"
  "    through the socket /var/run/docker.sock.\n"
  " 2. The Docker daemon pulled the \"hello-world\" image (linux/386) from the\n"
  "    sandbox's registry mirror - an offline stand-in for Docker Hub that runs\n"
  "    inside this virtual machine.\n"
  " 3. The Docker daemon created a new container from that image, which runs the\n"
  "    program that produces the output you are currently reading.\n"
  " 4. The Docker daemon streamed that output to the Docker client, which sent it\n"
  "    to your terminal.\n"
  "\n"
  "To try something more ambitious, you can run a shell in a container with:\n"
  " $ docker run -it busybox sh\n"
  "\n"
  "-----------------------------------------------------------------------------\n";

/* UTF-8 */
static const char message_zh[] =
  "\n"
  "你好，这是来自 Docker 的问候！（docker-core 沙箱）\n"
  "看到这段话，说明 Docker 已经正常工作。为了显示它，Docker 做了这些事：\n"
  " 1. Docker 客户端 (docker) 通过 /var/run/docker.sock 联系了 Docker 守护进程 (dockerd)。\n"
  " 2. 守护进程从沙箱的镜像仓库镜像站拉取了 \"hello-world\" 镜像 (linux/386)；\n"
  "    这个镜像站运行在本虚拟机里，是 Docker Hub 的离线替身。\n"
  " 3. 守护进程用这个镜像创建了一个新容器，容器里的程序输出了你正在读的这段文字。\n"
  " 4. 守护进程把输出流式传给 Docker 客户端，客户端再把它显示在你的终端上。\n"
  "\n"
  "想试试更多？可以在容器里运行一个 shell：\n"
  " $ docker run -it busybox sh\n"
  "\n";

static long sys3(long nr, long a, long b, long c)
{
  long ret;
  __asm__ volatile ("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
  return ret;
}

static void write_all(const char *p, long n)
{
  while (n > 0) {
    long w = sys3(4 /* write */, 1, (long)p, n);
    if (w <= 0) return;
    p += w;
    n -= w;
  }
}

void _start(void)
{
  write_all(message, sizeof message - 1);
  write_all(message_zh, sizeof message_zh - 1);
  sys3(1 /* exit */, 0, 0, 0);
  for (;;) {}
}
