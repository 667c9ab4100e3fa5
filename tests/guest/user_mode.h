/*
 * A ring-3 task for the user-mode cases (user_mode.S).  user_mode_run()
 * saves the kernel context, and enters user mode through the ROM's IRET
 * with a 5-word frame (EIP, USER_CS, EFLAGS with IF, ESP, USER_DS), EBX =
 * the argument.  User mode comes back to the kernel context in one of two
 * ways, both ending in user_mode_leave:
 *   - `int $0x80` with EAX = USER_SYS_EXIT (EBX = the value to hand
 *     back): reason USER_EXIT_SYSCALL, value in user_exit_value;
 *   - an exception (the catcher, catch.h): reason USER_EXIT_TRAP, the frame
 *     in `caught`.
 * Any other `int $0x80` is recorded (user_sys_*) and answered with EAX =
 * ~EAX, back in user mode through the ROM's IRET.
 *
 * The user programs live between user_code_start and user_code_end; the
 * case copies them to a user page.  They are position-independent.
 */
#ifndef GUEST_USER_MODE_H
#define GUEST_USER_MODE_H

#define SYSCALL_VECTOR      0x80
#define USER_SYS_EXIT       0xe1e1e1e1
#define USER_SYS_ECHO_VALUE 0x5ca1ab1e /* what user_prog_echo sends */

#define USER_EXIT_SYSCALL 1
#define USER_EXIT_TRAP    2

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Run user code at eip with the stack at esp; returns USER_EXIT_*. */
uint32_t user_mode_run(uint32_t eip, uint32_t esp, uint32_t ebx);

extern volatile uint32_t user_mode_active;
extern volatile uint32_t user_exit_value;
/* The last `int $0x80` other than the exit: count, EAX, frame words
 * (EIP, CS, EFLAGS, ESP, SS), where the frame was, and the interrupt
 * mask the handler saw. */
extern volatile uint32_t user_sys_count, user_sys_eax, user_sys_frame[5], user_sys_frame_addr,
    user_sys_mask;

void user_syscall_entry(void);

extern char user_code_start[], user_code_end[];
extern char user_prog_echo[], user_prog_read[], user_prog_ud2[], user_prog_cli[];
/* The instruction after the echo's int $0x80, and the read's load. */
extern char user_prog_echo_after_int[], user_prog_read_load[];
#endif

#endif
