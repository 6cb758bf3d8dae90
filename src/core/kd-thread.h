/* kd-thread.h: the worker threads give way to the UI thread. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How much lower than the UI the background threads (the writer, the phone
 * endpoint) run while the desktop is open: a phone's answer may wait a
 * millisecond; a frame of the window may not. */
#define KD_THREAD_BACKGROUND_NICE 5

void kd_thread_set_background (void);

G_END_DECLS
