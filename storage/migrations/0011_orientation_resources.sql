-- Issue #8: orientation. When the participant clicked "Got it" on their role's orientation
-- (NULL: not yet), for the managers' `status` and `pair <email>`. It lives on the participation
-- row on purpose: someone who leaves and joins again (perhaps in the other role) starts over.
-- The resource hub needs no table: its catalogue is template data (templates/resources/).
ALTER TABLE participants ADD COLUMN orientation_acknowledged_at INTEGER;
