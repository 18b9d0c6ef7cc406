if redis.call('HGET', KEYS[1], 'runId') ~= ARGV[1] then return 0 end
if redis.call('HGET', KEYS[1], 'state') ~= 'running' then return 0 end
redis.call('HINCRBY', KEYS[1], 'processed', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'written', ARGV[3])
redis.call('HSET', KEYS[1], 'cursor', ARGV[4], 'updatedAt', ARGV[5])
if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'total', ARGV[6]) end
if ARGV[7] == 'done' then redis.call('HSET', KEYS[1], 'state', 'done', 'finishedAt', ARGV[8]) end
return 1
