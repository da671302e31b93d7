/*
 * sandbox-fchmodat2 PROGRAM [ARGS...]: runs PROGRAM (dockerd) with the fchmodat2 system call, which the guest's
 * kernel (Debian bookworm's 6.1, the last i386 kernel) does not have; it came with Linux 6.6.
 *
 * Why: dockerd 28.5 from Debian is built with go-archive 0.3, which sets a file's mode while unpacking a tar with
 * fchmodat2(dirfd, name, mode, AT_SYMLINK_NOFOLLOW). On ENOSYS it falls back to chmod("/proc/self/fd/N"). For
 * `docker cp` into a container, dockerd unpacks inside the container's root directory (chroot), where /proc is not
 * mounted, so the fallback fails after the file is written: the learner saw
 *   Error response from daemon: chmod test.txt: via /proc/self/fd/35: no such file or directory
 *
 * How: a seccomp filter hands PROGRAM's fchmodat2 calls to a helper process (SECCOMP_RET_USER_NOTIF, Linux >= 5.0),
 * which does what Linux >= 6.6 does for the form go-archive uses: a directory descriptor and one path component,
 * with AT_SYMLINK_NOFOLLOW. Any other call (another form, or from a child process of PROGRAM) goes on to the
 * kernel, which answers ENOSYS as before. The helper is PROGRAM's child and dies with it (PR_SET_PDEATHSIG).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452 /* i386 and x86_64 alike */
#endif
#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_pidfd_getfd
#define __NR_pidfd_getfd 438
#endif

#define CONTINUE 1 /* let the kernel handle the call (ENOSYS on 6.1) */

static pid_t program; /* the traced program's process id (its main thread) */
static int program_pidfd = -1, program_mem = -1;

/* Reads the NUL-terminated string at addr in the program's memory; 0 on success. */
static int read_name(unsigned long addr, char *buf, size_t size) {
    size_t got = 0;
    while (got < size) {
        /* never read across a page boundary in one go: the next page may be unmapped */
        size_t page_left = 4096 - ((addr + got) & 4095), want = size - got < page_left ? size - got : page_left;
        ssize_t n = pread(program_mem, buf + got, want, (off_t)(addr + got));
        if (n <= 0) return -1;
        if (memchr(buf + got, 0, (size_t)n)) return 0;
        got += (size_t)n;
    }
    return -1; /* longer than one path component can be */
}

/* Linux >= 6.6's fchmodat2 for (dirfd, one component, mode, AT_SYMLINK_NOFOLLOW): 0 or -errno; CONTINUE otherwise. */
static int emulate(int listener, const struct seccomp_notif *req) {
    int dirfd = (int)req->data.args[0], flags = (int)req->data.args[3];
    unsigned mode = (unsigned)req->data.args[2] & 07777;
    char name[256];
    /* only the program's own threads: a child process keeps the kernel's answer (and its own credentials) */
    if (syscall(SYS_tgkill, program, req->pid, 0) != 0) return CONTINUE;
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
    if (flags != AT_SYMLINK_NOFOLLOW || dirfd < 0) return CONTINUE;
    if (read_name((unsigned long)req->data.args[1], name, sizeof name) != 0) return CONTINUE;
    if (name[0] == 0 || strchr(name, '/')) return CONTINUE;
    int dir = (int)syscall(__NR_pidfd_getfd, program_pidfd, dirfd, 0);
    if (dir < 0) return errno == EBADF ? -EBADF : CONTINUE;
    /* the name was read from a thread that is still waiting in this very call (not a recycled id) */
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) != 0) {
        close(dir);
        return CONTINUE;
    }
    int ret = 0, fd = openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    char proc[32];
    if (fd < 0) ret = -errno;
    else if (fstat(fd, &st) != 0) ret = -errno;
    else if (S_ISLNK(st.st_mode)) ret = -EOPNOTSUPP; /* as the kernel: a symlink's mode cannot be set */
    else {
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
        if (chmod(proc, mode) != 0) ret = -errno;
    }
    if (fd >= 0) close(fd);
    close(dir);
    return ret;
}

static void serve(int listener) {
    struct seccomp_notif req;
    struct seccomp_notif_resp resp;
    program_pidfd = (int)syscall(__NR_pidfd_open, program, 0);
    char mem[32];
    snprintf(mem, sizeof mem, "/proc/%d/mem", (int)program);
    for (;;) {
        memset(&req, 0, sizeof req);
        if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0) {
            if (errno == EINTR || errno == ENOENT) continue;
            _exit(1);
        }
        /* opened at the first call: by then the program has replaced this wrapper (execve), so its memory is final */
        if (program_mem < 0) program_mem = open(mem, O_RDONLY | O_CLOEXEC);
        int r = program_pidfd < 0 || program_mem < 0 ? CONTINUE : emulate(listener, &req);
        memset(&resp, 0, sizeof resp);
        resp.id = req.id;
        if (r == CONTINUE) resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
        else resp.error = r;
        ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp); /* ENOENT: the caller was interrupted; nothing to do */
    }
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s PROGRAM [ARGS...]\n", argv[0]);
        return 2;
    }
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_fchmodat2, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {.len = sizeof code / sizeof code[0], .filter = code};
    program = getpid();
    int listener = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
    if (listener < 0) {
        perror("sandbox-fchmodat2: seccomp (running without it)");
    } else {
        pid_t helper = fork();
        if (helper == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != program) _exit(0);
            prctl(PR_SET_NAME, "fchmodat2-shim");
            serve(listener);
        }
        if (helper < 0) perror("sandbox-fchmodat2: fork");
        close(listener);
    }
    execvp(argv[1], argv + 1);
    perror(argv[1]);
    return 127;
}
