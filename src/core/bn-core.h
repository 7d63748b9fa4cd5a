/* bn-core.h — everything the core layer offers to front ends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-admission.h"
#include "bn-category.h"
#include "bn-crypto.h"
#include "bn-entry.h"
#include "bn-events.h"
#include "bn-error.h"
#include "bn-home.h"
#include "bn-hood.h"
#include "bn-identity.h"
#include "bn-invite.h"
#include "bn-join-request.h"
#include "bn-json.h"
#include "bn-json-fields.h"
#include "bn-messages.h"
#include "bn-model.h"
#include "bn-payload.h"
#include "bn-queries.h"
#include "bn-roster.h"
#include "bn-service.h"
#include "bn-stats.h"
#include "bn-store.h"
#include "bn-store-peers.h"
#include "bn-store-worker.h"
