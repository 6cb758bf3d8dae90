#define G_LOG_DOMAIN "kd-thread"

#include "config.h"

#include <errno.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "kd-thread.h"

/* Lowers the calling thread's priority (on Linux each thread has a nice value
 * of its own). One way only: raising it back would need privileges. */
void
kd_thread_set_background (void)
{
#ifdef __linux__
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), KD_THREAD_BACKGROUND_NICE) != 0)
    g_debug ("Could not lower the priority of a worker thread: %s", g_strerror (errno));
#endif
}
