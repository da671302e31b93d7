/* Profiling helper uploaded into the guest by vm/bench/profile-run.ts (never part of the VM image):
 * `acct FILE` switches BSD process accounting (v3 records) on into FILE, `acct` switches it off.
 * Built without libc (-nostdlib) so it is a few hundred bytes to upload over the guest channel. */
static int sys1(int nr, const char *arg) {
  int ret;
  __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(arg) : "memory");
  return ret;
}

__attribute__((noreturn)) static void sys_exit(int code) {
  __asm__ volatile("int $0x80" : : "a"(1), "b"(code));
  __builtin_unreachable();
}

__attribute__((force_align_arg_pointer)) void _start_c(int argc, char **argv) {
  sys_exit(sys1(51 /* __NR_acct */, argc > 1 ? argv[1] : 0) == 0 ? 0 : 1);
}

__asm__(".globl _start\n_start:\n  mov (%esp), %eax\n  lea 4(%esp), %ecx\n  push %ecx\n  push %eax\n  call _start_c\n");
