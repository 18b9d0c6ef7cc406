local state = redis.call('HGET', KEYS[1], 'state')
-- ARGV[4] == 'restart' replaces a running run (its slices see another runId and stop).
if state == 'running' and ARGV[4] ~= 'restart' then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'state', 'running', 'runId', ARGV[1], 'processed', '0', 'written', '0',
  'total', '', 'cursor', '0', 'startedAt', ARGV[2], 'finishedAt', '', 'error', '', 'updatedAt', ARGV[3])
return 1
