/*
 * The 16550A at 0x3F8 (COM1, IRQ 4) that Linux's serial console and
 * earlyprintk drive with native port I/O.  Output goes to Xen's console;
 * Xen's console input comes back as received bytes.
 */
#ifndef WEDGE_UART_H
#define WEDGE_UART_H

#include <stdint.h>

#define UART_COM1_BASE 0x3f8
#define UART_IRQ       4
/* Ctrl-]: dumps the counters without stopping the guest. */
#define UART_COUNTERS_HOTKEY 0x1d

void uart_init(void);
uint8_t uart_read(unsigned int reg);
void uart_write(unsigned int reg, uint8_t value);
/* Anything buffered goes to the console now (before the run ends). */
void uart_flush_output(void);

#endif
