/*
 * The one way wedge code includes Xen's public interface (libxen-dev's
 * <xen/...> headers).  They expect fixed-width types and an interface
 * version from the includer.
 */
#ifndef XEN_PUBLIC_H
#define XEN_PUBLIC_H

#include <stdint.h>
#define __XEN_INTERFACE_VERSION__ 0x00040d00

#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/event_channel.h>
#include <xen/physdev.h>
#include <xen/vcpu.h>
#include <xen/memory.h>
#include <xen/version.h>
#include <xen/callback.h>

#endif
