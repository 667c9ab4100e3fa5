/*
 * The wedge's one logging facility: formatted text on Xen's console with a
 * fixed "subsystem: " prefix.  Levels are chosen at compile time
 * (-DLOG_LEVEL=LOG_LEVEL_DEBUG for a debug build); a disabled level costs
 * nothing.  Each .c file defines LOG_SUBSYS before including this.
 */
#ifndef WEDGE_LOG_H
#define WEDGE_LOG_H

#include <stdarg.h>
#include <stddef.h>

#define LOG_LEVEL_ERROR 0
#define LOG_LEVEL_WARN  1
#define LOG_LEVEL_INFO  2
#define LOG_LEVEL_DEBUG 3

#ifndef LOG_LEVEL
#define LOG_LEVEL LOG_LEVEL_INFO
#endif

#ifndef LOG_SUBSYS
#define LOG_SUBSYS "wedge"
#endif

void console_write(const char *buf, size_t len);
void console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_vprintf(const char *fmt, va_list ap);

#define log_at(level, fmt, ...)                                                                    \
	do {                                                                                       \
		if (LOG_LEVEL >= (level))                                                          \
			console_printf(LOG_SUBSYS ": " fmt "\n", ##__VA_ARGS__);                   \
	} while (0)

#define log_error(fmt, ...) log_at(LOG_LEVEL_ERROR, fmt, ##__VA_ARGS__)
#define log_warn(fmt, ...)  log_at(LOG_LEVEL_WARN, fmt, ##__VA_ARGS__)
#define log_info(fmt, ...)  log_at(LOG_LEVEL_INFO, fmt, ##__VA_ARGS__)
#define log_debug(fmt, ...) log_at(LOG_LEVEL_DEBUG, fmt, ##__VA_ARGS__)

#endif
