local items = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #items, 2 do
  redis.call('ZADD', KEYS[2], 'LT', items[i + 1], items[i])
end
redis.call('DEL', KEYS[1])
return #items / 2
