/* bn-server-stream.c — an admitted connection, as libsoup gets it
 *
 * A GIOStream over the accepted socket's connection that gives the
 * connection's slot back to the listener when libsoup (or a live link that
 * took the connection over) closes it, or drops it unclosed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-listener-private.h"

struct _BnServerStream
{
  GIOStream          parent_instance;

  GSocketConnection *base;
  BnSyncListener    *listener;   /* until the slot is given back */
  char              *host;
};

G_DEFINE_FINAL_TYPE (BnServerStream, bn_server_stream, G_TYPE_IO_STREAM)

static void
server_stream_release (BnServerStream *self)
{
  if (self->listener == NULL)
    return;
  _bn_sync_listener_release_slot (self->listener, self->host);
  g_clear_object (&self->listener);
}

static GInputStream *
server_stream_get_input_stream (GIOStream *stream)
{
  return g_io_stream_get_input_stream (G_IO_STREAM (BN_SERVER_STREAM (stream)->base));
}

static GOutputStream *
server_stream_get_output_stream (GIOStream *stream)
{
  return g_io_stream_get_output_stream (G_IO_STREAM (BN_SERVER_STREAM (stream)->base));
}

static gboolean
server_stream_close (GIOStream     *stream,
                     GCancellable  *cancellable,
                     GError       **error)
{
  BnServerStream *self = BN_SERVER_STREAM (stream);
  gboolean closed = g_io_stream_close (G_IO_STREAM (self->base), cancellable, error);

  server_stream_release (self);
  return closed;
}

/* Closing a socket never blocks: no thread for it (GIOStream's default), so
 * the slot is given back on the listener's main context. */
static void
server_stream_close_async (GIOStream           *stream,
                           int                  io_priority,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, server_stream_close_async);
  if (server_stream_close (stream, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
server_stream_close_finish (GIOStream     *stream,
                            GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
bn_server_stream_finalize (GObject *object)
{
  BnServerStream *self = BN_SERVER_STREAM (object);

  server_stream_release (self);
  g_clear_object (&self->base);
  g_clear_pointer (&self->host, g_free);

  G_OBJECT_CLASS (bn_server_stream_parent_class)->finalize (object);
}

static void
bn_server_stream_class_init (BnServerStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->finalize = bn_server_stream_finalize;
  stream_class->get_input_stream = server_stream_get_input_stream;
  stream_class->get_output_stream = server_stream_get_output_stream;
  stream_class->close_fn = server_stream_close;
  stream_class->close_async = server_stream_close_async;
  stream_class->close_finish = server_stream_close_finish;
}

static void
bn_server_stream_init (BnServerStream *self)
{
}

/**
 * bn_server_stream_new:
 * @base: the accepted connection
 *
 * Takes over the slot @host holds on @listener, and gives it back when closed
 * or finalized, whichever comes first.
 *
 * Returns: (transfer full): a stream for soup_server_accept_iostream()
 */
GIOStream *
bn_server_stream_new (BnSyncListener    *listener,
                      GSocketConnection *base,
                      const char        *host)
{
  BnServerStream *self = g_object_new (BN_TYPE_SERVER_STREAM, NULL);

  self->base = g_object_ref (base);
  self->listener = g_object_ref (listener);
  self->host = g_strdup (host);
  return G_IO_STREAM (self);
}
