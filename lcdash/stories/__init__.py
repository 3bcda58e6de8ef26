"""Value-creation stories collected in lcdash: links, the public form, moderation, coding, agreement, export.

A story is written by a participant through a link (links, form, web), waits for an editor of its
community (moderation), is coded by the team (coding) and compared with its writer's own tags
(agreement). Only approved stories reach the dashboard (dashboard) and exports (export).
"""
