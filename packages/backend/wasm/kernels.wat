(module
 (type $0 (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32)))
 (type $1 (func (param i32 i32 i32 i32 i32)))
 (type $2 (func (param i32 i32 i32 i32 i32 i32)))
 (type $3 (func (param i32 i32 i32 i32 i32 i32 i32 i32)))
 (type $4 (func (param i32 i32 i32 i32 i32 i32 i32)))
 (type $5 (func (param i32 i32 i32 i32)))
 (type $6 (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
 (type $7 (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
 (type $8 (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
 (type $9 (func (param i32 i32 i32 i32 i32 i32 i32 i32 f32 f32 f32 f32 f32 f32 f32 f32)))
 (import "env" "memory" (memory $0 0))
 (export "adamUpdate" (func $assembly/adam/adamUpdate))
 (export "conv3x3C1" (func $assembly/conv3x3-c1/conv3x3C1))
 (export "conv3x3C1PoolGrad" (func $assembly/conv3x3-c1/conv3x3C1PoolGrad))
 (export "padImage" (func $assembly/conv3x3-c1/padImage))
 (export "biasRelu" (func $assembly/dense/biasRelu))
 (export "denseDropoutBackward" (func $assembly/dense/denseDropoutBackward))
 (export "denseDropoutLogits" (func $assembly/dense/denseDropoutLogits))
 (export "matmul" (func $assembly/gemm/matmul))
 (export "matmulTransposedA" (func $assembly/gemm/matmulTransposedA))
 (export "matmulTransposedB" (func $assembly/gemm/matmulTransposedB))
 (export "maxPool2x2" (func $assembly/max-pool/maxPool2x2))
 (export "maxPoolGrad2x2" (func $assembly/max-pool/maxPoolGrad2x2))
 (export "maxPoolReluGrad2x2" (func $assembly/max-pool/maxPoolReluGrad2x2))
 (export "sumRows" (func $assembly/sum/sumRows))
 (export "winogradConv" (func $assembly/winograd/winogradConv))
 (export "winogradFilter" (func $assembly/winograd/winogradFilter))
 (export "winogradFilterGrad" (func $assembly/winograd/winogradFilterGrad))
 (export "memory" (memory $0))
 (func $assembly/gemm/gemm (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32) (param $7 i32) (param $8 i32)
  (local $9 i32)
  (local $10 i32)
  (local $11 i32)
  (local $12 i32)
  (local $13 i32)
  (local $14 v128)
  (local $15 v128)
  (local $16 v128)
  (local $17 i32)
  (local $18 i32)
  (local $19 v128)
  (local $20 v128)
  (local $21 v128)
  (local $22 i32)
  (local $23 v128)
  (local $24 v128)
  (local $25 v128)
  (local $26 v128)
  (local $27 i32)
  (local $28 i32)
  (local $29 i32)
  (local $30 v128)
  (local $31 i32)
  (local $32 i32)
  local.get $7
  i32.const 2
  i32.shl
  local.set $31
  loop $for-loop|0
   local.get $6
   local.get $22
   i32.gt_s
   if
    i32.const 128
    local.get $6
    local.get $22
    i32.sub
    local.tee $9
    local.get $9
    i32.const 128
    i32.gt_s
    select
    local.set $18
    local.get $22
    i32.eqz
    local.tee $11
    if
     local.get $8
     i32.eqz
     local.set $11
    end
    local.get $3
    local.get $22
    local.get $31
    i32.mul
    i32.add
    local.set $17
    i32.const 0
    local.set $27
    loop $for-loop|1
     local.get $27
     i32.const 4
     i32.add
     local.get $5
     i32.le_s
     if
      local.get $0
      local.get $1
      local.get $27
      i32.mul
      i32.add
      local.get $2
      local.get $22
      i32.mul
      i32.add
      local.set $10
      local.get $4
      local.get $27
      local.get $31
      i32.mul
      i32.add
      local.set $13
      i32.const 0
      local.set $29
      loop $for-loop|2
       local.get $29
       i32.const 8
       i32.add
       local.get $7
       i32.le_s
       if
        local.get $13
        local.get $29
        i32.const 2
        i32.shl
        i32.add
        local.set $12
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        local.set $23
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        local.set $26
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        local.set $25
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        local.set $24
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        local.set $21
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        local.set $20
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        local.set $19
        local.get $11
        if (result v128)
         v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        else
         local.get $12
         v128.load offset=16
         local.set $23
         local.get $12
         local.get $31
         i32.add
         local.tee $9
         v128.load
         local.set $26
         local.get $9
         v128.load offset=16
         local.set $25
         local.get $12
         local.get $31
         i32.const 1
         i32.shl
         i32.add
         local.tee $9
         v128.load
         local.set $24
         local.get $9
         v128.load offset=16
         local.set $21
         local.get $12
         local.get $31
         i32.const 3
         i32.mul
         i32.add
         local.tee $9
         v128.load
         local.set $20
         local.get $9
         v128.load offset=16
         local.set $19
         local.get $12
         v128.load
        end
        local.set $30
        local.get $10
        local.set $9
        local.get $17
        local.get $29
        i32.const 2
        i32.shl
        i32.add
        local.set $28
        i32.const 0
        local.set $32
        loop $for-loop|3
         local.get $18
         local.get $32
         i32.gt_s
         if
          local.get $9
          v128.load32_splat
          local.tee $14
          local.get $28
          v128.load
          local.tee $16
          f32x4.mul
          local.get $30
          f32x4.add
          local.set $30
          local.get $14
          local.get $28
          v128.load offset=16
          local.tee $15
          f32x4.mul
          local.get $23
          f32x4.add
          local.set $23
          local.get $1
          local.get $9
          i32.add
          v128.load32_splat
          local.tee $14
          local.get $16
          f32x4.mul
          local.get $26
          f32x4.add
          local.set $26
          local.get $14
          local.get $15
          f32x4.mul
          local.get $25
          f32x4.add
          local.set $25
          local.get $9
          local.get $1
          i32.const 1
          i32.shl
          i32.add
          v128.load32_splat
          local.tee $14
          local.get $16
          f32x4.mul
          local.get $24
          f32x4.add
          local.set $24
          local.get $14
          local.get $15
          f32x4.mul
          local.get $21
          f32x4.add
          local.set $21
          local.get $9
          local.get $1
          i32.const 3
          i32.mul
          i32.add
          v128.load32_splat
          local.tee $14
          local.get $16
          f32x4.mul
          local.get $20
          f32x4.add
          local.set $20
          local.get $14
          local.get $15
          f32x4.mul
          local.get $19
          f32x4.add
          local.set $19
          local.get $2
          local.get $9
          i32.add
          local.set $9
          local.get $28
          local.get $31
          i32.add
          local.set $28
          local.get $32
          i32.const 1
          i32.add
          local.set $32
          br $for-loop|3
         end
        end
        local.get $12
        local.get $30
        v128.store
        local.get $12
        local.get $23
        v128.store offset=16
        local.get $12
        local.get $31
        i32.add
        local.tee $9
        local.get $26
        v128.store
        local.get $9
        local.get $25
        v128.store offset=16
        local.get $12
        local.get $31
        i32.const 1
        i32.shl
        i32.add
        local.tee $9
        local.get $24
        v128.store
        local.get $9
        local.get $21
        v128.store offset=16
        local.get $12
        local.get $31
        i32.const 3
        i32.mul
        i32.add
        local.tee $9
        local.get $20
        v128.store
        local.get $9
        local.get $19
        v128.store offset=16
        local.get $29
        i32.const 8
        i32.add
        local.set $29
        br $for-loop|2
       end
      end
      loop $for-loop|4
       local.get $7
       local.get $29
       i32.gt_s
       if
        local.get $13
        local.get $29
        i32.const 2
        i32.shl
        i32.add
        local.set $12
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        local.set $24
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        local.set $26
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        local.set $25
        local.get $11
        if (result v128)
         v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        else
         local.get $12
         local.get $31
         i32.add
         v128.load
         local.set $24
         local.get $12
         local.get $31
         i32.const 1
         i32.shl
         i32.add
         v128.load
         local.set $26
         local.get $12
         local.get $31
         i32.const 3
         i32.mul
         i32.add
         v128.load
         local.set $25
         local.get $12
         v128.load
        end
        local.set $30
        local.get $10
        local.set $9
        local.get $17
        local.get $29
        i32.const 2
        i32.shl
        i32.add
        local.set $28
        i32.const 0
        local.set $32
        loop $for-loop|5
         local.get $18
         local.get $32
         i32.gt_s
         if
          local.get $9
          v128.load32_splat
          local.get $28
          v128.load
          local.tee $14
          f32x4.mul
          local.get $30
          f32x4.add
          local.set $30
          local.get $1
          local.get $9
          i32.add
          v128.load32_splat
          local.get $14
          f32x4.mul
          local.get $24
          f32x4.add
          local.set $24
          local.get $9
          local.get $1
          i32.const 1
          i32.shl
          i32.add
          v128.load32_splat
          local.get $14
          f32x4.mul
          local.get $26
          f32x4.add
          local.set $26
          local.get $9
          local.get $1
          i32.const 3
          i32.mul
          i32.add
          v128.load32_splat
          local.get $14
          f32x4.mul
          local.get $25
          f32x4.add
          local.set $25
          local.get $2
          local.get $9
          i32.add
          local.set $9
          local.get $28
          local.get $31
          i32.add
          local.set $28
          local.get $32
          i32.const 1
          i32.add
          local.set $32
          br $for-loop|5
         end
        end
        local.get $12
        local.get $30
        v128.store
        local.get $12
        local.get $31
        i32.add
        local.get $24
        v128.store
        local.get $12
        local.get $31
        i32.const 1
        i32.shl
        i32.add
        local.get $26
        v128.store
        local.get $12
        local.get $31
        i32.const 3
        i32.mul
        i32.add
        local.get $25
        v128.store
        local.get $29
        i32.const 4
        i32.add
        local.set $29
        br $for-loop|4
       end
      end
      local.get $27
      i32.const 4
      i32.add
      local.set $27
      br $for-loop|1
     end
    end
    loop $for-loop|6
     local.get $5
     local.get $27
     i32.gt_s
     if
      local.get $0
      local.get $1
      local.get $27
      i32.mul
      i32.add
      local.get $2
      local.get $22
      i32.mul
      i32.add
      local.set $10
      local.get $4
      local.get $27
      local.get $31
      i32.mul
      i32.add
      local.set $13
      i32.const 0
      local.set $32
      loop $for-loop|7
       local.get $7
       local.get $32
       i32.gt_s
       if
        local.get $13
        local.get $32
        i32.const 2
        i32.shl
        i32.add
        local.set $12
        local.get $11
        if (result v128)
         v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        else
         local.get $12
         v128.load
        end
        local.set $30
        local.get $10
        local.set $9
        local.get $17
        local.get $32
        i32.const 2
        i32.shl
        i32.add
        local.set $29
        i32.const 0
        local.set $28
        loop $for-loop|8
         local.get $18
         local.get $28
         i32.gt_s
         if
          local.get $9
          v128.load32_splat
          local.get $29
          v128.load
          f32x4.mul
          local.get $30
          f32x4.add
          local.set $30
          local.get $2
          local.get $9
          i32.add
          local.set $9
          local.get $29
          local.get $31
          i32.add
          local.set $29
          local.get $28
          i32.const 1
          i32.add
          local.set $28
          br $for-loop|8
         end
        end
        local.get $12
        local.get $30
        v128.store
        local.get $32
        i32.const 4
        i32.add
        local.set $32
        br $for-loop|7
       end
      end
      local.get $27
      i32.const 1
      i32.add
      local.set $27
      br $for-loop|6
     end
    end
    local.get $22
    i32.const 128
    i32.add
    local.set $22
    br $for-loop|0
   end
  end
 )
 (func $assembly/winograd/winogradInput (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32)
  (local $7 i32)
  (local $8 v128)
  (local $9 i32)
  (local $10 i32)
  (local $11 v128)
  (local $12 v128)
  (local $13 v128)
  (local $14 i32)
  (local $15 i32)
  (local $16 v128)
  (local $17 v128)
  (local $18 v128)
  (local $19 i32)
  (local $20 i32)
  (local $21 v128)
  (local $22 v128)
  (local $23 v128)
  (local $24 i32)
  (local $25 i32)
  (local $26 i32)
  (local $27 i32)
  (local $28 i32)
  (local $29 v128)
  (local $30 v128)
  (local $31 v128)
  (local $32 v128)
  (local $33 v128)
  (local $34 v128)
  local.get $6
  i32.const 2
  i32.shl
  local.tee $24
  local.get $5
  i32.mul
  local.set $6
  local.get $5
  i32.const 1
  i32.shr_s
  local.tee $14
  local.get $4
  i32.const 1
  i32.shr_s
  i32.mul
  local.set $15
  local.get $3
  local.get $24
  i32.mul
  local.set $7
  loop $for-loop|0
   local.get $3
   local.get $10
   i32.gt_s
   if
    local.get $2
    local.get $10
    i32.add
    local.tee $9
    local.get $15
    i32.div_s
    local.set $25
    local.get $9
    local.get $15
    local.get $25
    i32.mul
    i32.sub
    local.tee $9
    local.get $14
    i32.div_s
    i32.const 1
    i32.shl
    i32.const 1
    i32.sub
    local.set $19
    local.get $9
    local.get $14
    i32.rem_s
    i32.const 1
    i32.shl
    i32.const 1
    i32.sub
    local.set $20
    local.get $0
    local.get $4
    local.get $25
    i32.mul
    local.get $6
    i32.mul
    i32.add
    local.set $25
    i32.const 0
    local.set $9
    loop $for-loop|1
     local.get $9
     local.get $24
     i32.lt_u
     if
      local.get $9
      local.get $25
      i32.add
      local.set $26
      local.get $19
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $19
      i32.le_s
      i32.or
      local.get $20
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $20
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $19
       i32.mul
       i32.add
       local.get $20
       local.get $24
       i32.mul
       i32.add
       v128.load
      end
      local.set $16
      local.get $19
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $19
      i32.le_s
      i32.or
      local.get $20
      i32.const 1
      i32.add
      local.tee $27
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $27
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $19
       i32.mul
       i32.add
       local.get $24
       local.get $27
       i32.mul
       i32.add
       v128.load
      end
      local.get $19
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $19
      i32.le_s
      i32.or
      local.get $20
      i32.const 2
      i32.add
      local.tee $27
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $27
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $19
       i32.mul
       i32.add
       local.get $24
       local.get $27
       i32.mul
       i32.add
       v128.load
      end
      local.set $22
      local.get $19
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $19
      i32.le_s
      i32.or
      local.get $20
      i32.const 3
      i32.add
      local.tee $27
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $27
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $19
       i32.mul
       i32.add
       local.get $24
       local.get $27
       i32.mul
       i32.add
       v128.load
      end
      local.set $17
      local.get $19
      i32.const 1
      i32.add
      local.tee $27
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $27
      i32.le_s
      i32.or
      local.get $20
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $20
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $27
       i32.mul
       i32.add
       local.get $20
       local.get $24
       i32.mul
       i32.add
       v128.load
      end
      local.set $8
      local.get $19
      i32.const 1
      i32.add
      local.tee $27
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $27
      i32.le_s
      i32.or
      local.get $20
      i32.const 1
      i32.add
      local.tee $28
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $28
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $27
       i32.mul
       i32.add
       local.get $24
       local.get $28
       i32.mul
       i32.add
       v128.load
      end
      local.set $23
      local.get $19
      i32.const 1
      i32.add
      local.tee $27
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $27
      i32.le_s
      i32.or
      local.get $20
      i32.const 2
      i32.add
      local.tee $28
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $28
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $27
       i32.mul
       i32.add
       local.get $24
       local.get $28
       i32.mul
       i32.add
       v128.load
      end
      local.set $29
      local.get $19
      i32.const 1
      i32.add
      local.tee $27
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $27
      i32.le_s
      i32.or
      local.get $20
      i32.const 3
      i32.add
      local.tee $28
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $28
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $27
       i32.mul
       i32.add
       local.get $24
       local.get $28
       i32.mul
       i32.add
       v128.load
      end
      local.set $11
      local.get $19
      i32.const 2
      i32.add
      local.tee $27
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $27
      i32.le_s
      i32.or
      local.get $20
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $20
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $27
       i32.mul
       i32.add
       local.get $20
       local.get $24
       i32.mul
       i32.add
       v128.load
      end
      local.set $12
      local.get $19
      i32.const 2
      i32.add
      local.tee $27
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $27
      i32.le_s
      i32.or
      local.get $20
      i32.const 1
      i32.add
      local.tee $28
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $28
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $27
       i32.mul
       i32.add
       local.get $24
       local.get $28
       i32.mul
       i32.add
       v128.load
      end
      local.set $30
      local.get $19
      i32.const 2
      i32.add
      local.tee $27
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $27
      i32.le_s
      i32.or
      local.get $20
      i32.const 2
      i32.add
      local.tee $28
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $28
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $27
       i32.mul
       i32.add
       local.get $24
       local.get $28
       i32.mul
       i32.add
       v128.load
      end
      local.set $31
      local.get $19
      i32.const 2
      i32.add
      local.tee $27
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $27
      i32.le_s
      i32.or
      local.get $20
      i32.const 3
      i32.add
      local.tee $28
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $28
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $27
       i32.mul
       i32.add
       local.get $24
       local.get $28
       i32.mul
       i32.add
       v128.load
      end
      local.set $13
      local.get $19
      i32.const 3
      i32.add
      local.tee $27
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $27
      i32.le_s
      i32.or
      local.get $20
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $20
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $27
       i32.mul
       i32.add
       local.get $20
       local.get $24
       i32.mul
       i32.add
       v128.load
      end
      local.set $18
      local.get $30
      f32x4.sub
      local.set $21
      local.get $22
      local.get $31
      f32x4.sub
      local.set $22
      local.get $23
      local.get $30
      f32x4.add
      local.set $32
      local.get $29
      local.get $31
      f32x4.add
      local.set $33
      local.get $30
      local.get $23
      f32x4.sub
      local.set $30
      local.get $31
      local.get $29
      f32x4.sub
      local.set $31
      local.get $23
      local.get $19
      i32.const 3
      i32.add
      local.tee $27
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $27
      i32.le_s
      i32.or
      local.get $20
      i32.const 1
      i32.add
      local.tee $28
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $28
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $27
       i32.mul
       i32.add
       local.get $24
       local.get $28
       i32.mul
       i32.add
       v128.load
      end
      f32x4.sub
      local.set $23
      local.get $29
      local.get $19
      i32.const 3
      i32.add
      local.tee $27
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $27
      i32.le_s
      i32.or
      local.get $20
      i32.const 2
      i32.add
      local.tee $28
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $28
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $27
       i32.mul
       i32.add
       local.get $24
       local.get $28
       i32.mul
       i32.add
       v128.load
      end
      f32x4.sub
      local.set $29
      local.get $19
      i32.const 3
      i32.add
      local.tee $27
      i32.const 0
      i32.lt_s
      local.get $4
      local.get $27
      i32.le_s
      i32.or
      local.get $20
      i32.const 3
      i32.add
      local.tee $28
      i32.const 0
      i32.lt_s
      i32.or
      local.get $5
      local.get $28
      i32.le_s
      i32.or
      if (result v128)
       v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      else
       local.get $26
       local.get $6
       local.get $27
       i32.mul
       i32.add
       local.get $24
       local.get $28
       i32.mul
       i32.add
       v128.load
      end
      local.set $34
      local.get $1
      local.get $10
      local.get $24
      i32.mul
      i32.add
      local.get $9
      i32.add
      local.tee $26
      local.get $16
      local.get $12
      f32x4.sub
      local.get $22
      f32x4.sub
      v128.store
      local.get $7
      local.get $26
      i32.add
      local.get $21
      local.get $22
      f32x4.add
      v128.store
      local.get $26
      local.get $7
      i32.const 1
      i32.shl
      i32.add
      local.get $22
      local.get $21
      f32x4.sub
      v128.store
      local.get $26
      local.get $7
      i32.const 3
      i32.mul
      i32.add
      local.get $21
      local.get $17
      local.get $13
      f32x4.sub
      f32x4.sub
      v128.store
      local.get $26
      local.get $7
      i32.const 2
      i32.shl
      i32.add
      local.get $8
      local.get $12
      f32x4.add
      local.get $33
      f32x4.sub
      v128.store
      local.get $26
      local.get $7
      i32.const 5
      i32.mul
      i32.add
      local.get $32
      local.get $33
      f32x4.add
      v128.store
      local.get $26
      local.get $7
      i32.const 6
      i32.mul
      i32.add
      local.get $33
      local.get $32
      f32x4.sub
      v128.store
      local.get $26
      local.get $7
      i32.const 7
      i32.mul
      i32.add
      local.get $32
      local.get $11
      local.get $13
      f32x4.add
      f32x4.sub
      v128.store
      local.get $26
      local.get $7
      i32.const 3
      i32.shl
      i32.add
      local.get $12
      local.get $8
      f32x4.sub
      local.get $31
      f32x4.sub
      v128.store
      local.get $26
      local.get $7
      i32.const 9
      i32.mul
      i32.add
      local.get $30
      local.get $31
      f32x4.add
      v128.store
      local.get $26
      local.get $7
      i32.const 10
      i32.mul
      i32.add
      local.get $31
      local.get $30
      f32x4.sub
      v128.store
      local.get $26
      local.get $7
      i32.const 11
      i32.mul
      i32.add
      local.get $30
      local.get $13
      local.get $11
      f32x4.sub
      f32x4.sub
      v128.store
      local.get $26
      local.get $7
      i32.const 12
      i32.mul
      i32.add
      local.get $8
      local.get $18
      f32x4.sub
      local.get $29
      f32x4.sub
      v128.store
      local.get $26
      local.get $7
      i32.const 13
      i32.mul
      i32.add
      local.get $23
      local.get $29
      f32x4.add
      v128.store
      local.get $26
      local.get $7
      i32.const 14
      i32.mul
      i32.add
      local.get $29
      local.get $23
      f32x4.sub
      v128.store
      local.get $26
      local.get $7
      i32.const 15
      i32.mul
      i32.add
      local.get $23
      local.get $11
      local.get $34
      f32x4.sub
      f32x4.sub
      v128.store
      local.get $9
      i32.const 16
      i32.add
      local.set $9
      br $for-loop|1
     end
    end
    local.get $10
    i32.const 1
    i32.add
    local.set $10
    br $for-loop|0
   end
  end
 )
 (func $assembly/winograd/winogradFilterGrad (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32) (param $7 i32) (param $8 i32)
  (local $9 v128)
  (local $10 i32)
  (local $11 i32)
  (local $12 i32)
  (local $13 i32)
  (local $14 i32)
  (local $15 i32)
  (local $16 i32)
  (local $17 i32)
  (local $18 i32)
  (local $19 i32)
  (local $20 i32)
  (local $21 i32)
  (local $22 i32)
  (local $23 i32)
  (local $24 v128)
  (local $25 i32)
  (local $26 v128)
  (local $27 i32)
  (local $28 v128)
  (local $29 v128)
  (local $30 v128)
  local.get $8
  i32.const 2
  i32.shl
  local.tee $12
  local.get $6
  i32.mul
  local.set $16
  local.get $6
  i32.const 1
  i32.shr_s
  local.tee $17
  local.get $5
  i32.const 1
  i32.shr_s
  i32.mul
  local.tee $18
  local.get $4
  i32.mul
  local.set $19
  local.get $3
  local.get $7
  i32.const 2
  i32.shl
  local.tee $20
  i32.const 9
  i32.shl
  i32.add
  local.tee $21
  local.get $12
  i32.const 9
  i32.shl
  i32.add
  local.set $11
  local.get $7
  local.get $12
  i32.mul
  local.set $10
  loop $for-loop|0
   local.get $13
   local.get $19
   i32.lt_s
   if
    local.get $20
    i32.const 32
    local.get $19
    local.get $13
    i32.sub
    local.tee $4
    local.get $4
    i32.const 32
    i32.gt_s
    select
    local.tee $15
    i32.mul
    local.set $22
    local.get $12
    local.get $15
    i32.mul
    local.set $23
    local.get $0
    local.get $3
    local.get $13
    local.get $15
    local.get $5
    local.get $6
    local.get $7
    call $assembly/winograd/winogradInput
    i32.const 0
    local.set $14
    loop $for-loop|1
     local.get $14
     local.get $15
     i32.lt_s
     if
      local.get $1
      local.get $13
      local.get $14
      i32.add
      local.tee $4
      local.get $18
      i32.div_s
      local.tee $25
      local.get $5
      i32.mul
      local.get $4
      local.get $18
      local.get $25
      i32.mul
      i32.sub
      local.tee $4
      local.get $17
      i32.div_s
      i32.const 1
      i32.shl
      i32.add
      local.get $16
      i32.mul
      i32.add
      local.get $4
      local.get $17
      i32.rem_s
      i32.const 1
      i32.shl
      local.get $12
      i32.mul
      i32.add
      local.set $25
      i32.const 0
      local.set $4
      loop $for-loop|2
       local.get $4
       local.get $12
       i32.lt_u
       if
        local.get $4
        local.get $25
        i32.add
        v128.load
        local.tee $26
        local.get $16
        local.get $25
        i32.add
        local.tee $27
        local.get $4
        i32.add
        v128.load
        local.tee $28
        f32x4.add
        local.set $9
        local.get $12
        local.get $25
        i32.add
        local.get $4
        i32.add
        v128.load
        local.tee $24
        local.get $12
        local.get $27
        i32.add
        local.get $4
        i32.add
        v128.load
        local.tee $29
        f32x4.add
        local.set $30
        local.get $21
        local.get $12
        local.get $14
        i32.mul
        i32.add
        local.get $4
        i32.add
        local.tee $27
        local.get $26
        v128.store
        local.get $23
        local.get $27
        i32.add
        local.get $26
        local.get $24
        f32x4.add
        v128.store
        local.get $27
        local.get $23
        i32.const 1
        i32.shl
        i32.add
        local.get $26
        local.get $24
        f32x4.sub
        v128.store
        local.get $27
        local.get $23
        i32.const 3
        i32.mul
        i32.add
        local.get $24
        f32x4.neg
        v128.store
        local.get $27
        local.get $23
        i32.const 2
        i32.shl
        i32.add
        local.get $9
        v128.store
        local.get $27
        local.get $23
        i32.const 5
        i32.mul
        i32.add
        local.get $9
        local.get $30
        f32x4.add
        v128.store
        local.get $27
        local.get $23
        i32.const 6
        i32.mul
        i32.add
        local.get $9
        local.get $30
        f32x4.sub
        v128.store
        local.get $27
        local.get $23
        i32.const 7
        i32.mul
        i32.add
        local.get $30
        f32x4.neg
        v128.store
        local.get $27
        local.get $23
        i32.const 3
        i32.shl
        i32.add
        local.get $26
        local.get $28
        f32x4.sub
        local.tee $9
        v128.store
        local.get $27
        local.get $23
        i32.const 9
        i32.mul
        i32.add
        local.get $9
        local.get $24
        local.get $29
        f32x4.sub
        local.tee $24
        f32x4.add
        v128.store
        local.get $27
        local.get $23
        i32.const 10
        i32.mul
        i32.add
        local.get $9
        local.get $24
        f32x4.sub
        v128.store
        local.get $27
        local.get $23
        i32.const 11
        i32.mul
        i32.add
        local.get $24
        f32x4.neg
        v128.store
        local.get $27
        local.get $23
        i32.const 12
        i32.mul
        i32.add
        local.get $28
        f32x4.neg
        local.tee $9
        v128.store
        local.get $27
        local.get $23
        i32.const 13
        i32.mul
        i32.add
        local.get $9
        local.get $29
        f32x4.neg
        local.tee $24
        f32x4.add
        v128.store
        local.get $27
        local.get $23
        i32.const 14
        i32.mul
        i32.add
        local.get $9
        local.get $24
        f32x4.sub
        v128.store
        local.get $27
        local.get $23
        i32.const 15
        i32.mul
        i32.add
        local.get $24
        f32x4.neg
        v128.store
        local.get $4
        i32.const 16
        i32.add
        local.set $4
        br $for-loop|2
       end
      end
      local.get $14
      i32.const 1
      i32.add
      local.set $14
      br $for-loop|1
     end
    end
    i32.const 0
    local.set $4
    loop $for-loop|3
     local.get $4
     i32.const 16
     i32.lt_u
     if
      local.get $3
      local.get $4
      local.get $22
      i32.mul
      i32.add
      i32.const 4
      local.get $20
      local.get $21
      local.get $4
      local.get $23
      i32.mul
      i32.add
      local.get $11
      local.get $4
      local.get $10
      i32.mul
      i32.add
      local.get $7
      local.get $15
      local.get $8
      local.get $13
      i32.const 0
      i32.gt_s
      call $assembly/gemm/gemm
      local.get $4
      i32.const 1
      i32.add
      local.set $4
      br $for-loop|3
     end
    end
    local.get $13
    i32.const 32
    i32.add
    local.set $13
    br $for-loop|0
   end
  end
  i32.const 0
  local.set $0
  loop $for-loop|4
   local.get $0
   local.get $10
   i32.lt_u
   if
    i32.const 0
    local.set $1
    loop $for-loop|5
     local.get $1
     i32.const 4
     i32.lt_u
     if
      local.get $11
      local.get $1
      i32.const 12
      i32.add
      local.get $10
      i32.mul
      i32.add
      local.get $0
      i32.add
      v128.load
      local.set $9
      local.get $11
      local.get $1
      local.get $10
      i32.mul
      i32.add
      local.get $0
      i32.add
      local.tee $3
      local.get $3
      v128.load
      local.get $11
      local.get $1
      i32.const 4
      i32.add
      local.get $10
      i32.mul
      i32.add
      local.get $0
      i32.add
      local.tee $3
      v128.load
      local.tee $24
      local.get $11
      local.get $1
      i32.const 8
      i32.add
      local.get $10
      i32.mul
      i32.add
      local.get $0
      i32.add
      local.tee $4
      v128.load
      local.tee $26
      f32x4.add
      v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000
      f32x4.mul
      local.tee $28
      f32x4.add
      v128.store
      local.get $3
      local.get $24
      local.get $26
      f32x4.sub
      v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000
      f32x4.mul
      v128.store
      local.get $4
      local.get $28
      local.get $9
      f32x4.add
      v128.store
      local.get $1
      i32.const 1
      i32.add
      local.set $1
      br $for-loop|5
     end
    end
    i32.const 0
    local.set $1
    loop $for-loop|6
     local.get $1
     i32.const 3
     i32.lt_u
     if
      local.get $11
      local.get $1
      i32.const 2
      i32.shl
      local.tee $3
      i32.const 3
      i32.add
      local.get $10
      i32.mul
      i32.add
      local.get $0
      i32.add
      v128.load
      local.set $9
      local.get $2
      local.get $1
      i32.const 3
      i32.mul
      local.tee $4
      local.get $10
      i32.mul
      i32.add
      local.get $0
      i32.add
      local.get $11
      local.get $3
      local.get $10
      i32.mul
      i32.add
      local.get $0
      i32.add
      v128.load
      local.get $11
      local.get $3
      i32.const 1
      i32.add
      local.get $10
      i32.mul
      i32.add
      local.get $0
      i32.add
      v128.load
      local.tee $24
      local.get $11
      local.get $3
      i32.const 2
      i32.add
      local.get $10
      i32.mul
      i32.add
      local.get $0
      i32.add
      v128.load
      local.tee $26
      f32x4.add
      v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000
      f32x4.mul
      local.tee $28
      f32x4.add
      v128.store
      local.get $2
      local.get $4
      i32.const 1
      i32.add
      local.get $10
      i32.mul
      i32.add
      local.get $0
      i32.add
      local.get $24
      local.get $26
      f32x4.sub
      v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000
      f32x4.mul
      v128.store
      local.get $2
      local.get $4
      i32.const 2
      i32.add
      local.get $10
      i32.mul
      i32.add
      local.get $0
      i32.add
      local.get $28
      local.get $9
      f32x4.add
      v128.store
      local.get $1
      i32.const 1
      i32.add
      local.set $1
      br $for-loop|6
     end
    end
    local.get $0
    i32.const 16
    i32.add
    local.set $0
    br $for-loop|4
   end
  end
 )
 (func $assembly/winograd/winogradFilter (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32)
  (local $4 i32)
  (local $5 v128)
  (local $6 v128)
  (local $7 i32)
  (local $8 v128)
  (local $9 v128)
  local.get $2
  local.get $3
  i32.mul
  i32.const 2
  i32.shl
  local.set $2
  loop $for-loop|0
   local.get $2
   local.get $4
   i32.gt_u
   if
    i32.const 0
    local.set $3
    loop $for-loop|1
     local.get $3
     i32.const 3
     i32.lt_u
     if
      local.get $0
      local.get $3
      i32.const 3
      i32.add
      local.get $2
      i32.mul
      i32.add
      local.get $4
      i32.add
      v128.load
      local.set $6
      local.get $2
      local.get $3
      i32.mul
      local.tee $7
      local.get $0
      i32.add
      local.get $4
      i32.add
      v128.load
      local.tee $8
      local.get $0
      local.get $3
      i32.const 6
      i32.add
      local.get $2
      i32.mul
      i32.add
      local.get $4
      i32.add
      v128.load
      local.tee $5
      f32x4.add
      local.set $9
      local.get $1
      local.get $7
      i32.add
      local.get $4
      i32.add
      local.get $8
      v128.store
      local.get $1
      local.get $3
      i32.const 4
      i32.add
      local.get $2
      i32.mul
      i32.add
      local.get $4
      i32.add
      local.get $9
      local.get $6
      f32x4.add
      v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000
      f32x4.mul
      v128.store
      local.get $1
      local.get $3
      i32.const 8
      i32.add
      local.get $2
      i32.mul
      i32.add
      local.get $4
      i32.add
      local.get $9
      local.get $6
      f32x4.sub
      v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000
      f32x4.mul
      v128.store
      local.get $1
      local.get $3
      i32.const 12
      i32.add
      local.get $2
      i32.mul
      i32.add
      local.get $4
      i32.add
      local.get $5
      v128.store
      local.get $3
      i32.const 1
      i32.add
      local.set $3
      br $for-loop|1
     end
    end
    i32.const 0
    local.set $3
    loop $for-loop|2
     local.get $3
     i32.const 16
     i32.lt_u
     if
      local.get $1
      local.get $3
      i32.const 1
      i32.add
      local.get $2
      i32.mul
      i32.add
      local.get $4
      i32.add
      local.tee $7
      v128.load
      local.set $5
      local.get $7
      local.get $1
      local.get $2
      local.get $3
      i32.mul
      i32.add
      local.get $4
      i32.add
      v128.load
      local.get $1
      local.get $3
      i32.const 2
      i32.add
      local.get $2
      i32.mul
      i32.add
      local.get $4
      i32.add
      local.tee $7
      v128.load
      local.tee $6
      f32x4.add
      local.tee $8
      local.get $5
      f32x4.add
      v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000
      f32x4.mul
      v128.store
      local.get $7
      local.get $8
      local.get $5
      f32x4.sub
      v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000
      f32x4.mul
      v128.store
      local.get $1
      local.get $3
      i32.const 3
      i32.add
      local.get $2
      i32.mul
      i32.add
      local.get $4
      i32.add
      local.get $6
      v128.store
      local.get $3
      i32.const 4
      i32.add
      local.set $3
      br $for-loop|2
     end
    end
    local.get $4
    i32.const 16
    i32.add
    local.set $4
    br $for-loop|0
   end
  end
 )
 (func $assembly/winograd/winogradConv (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32) (param $7 i32) (param $8 i32) (param $9 i32) (param $10 i32)
  (local $11 v128)
  (local $12 i32)
  (local $13 i32)
  (local $14 i32)
  (local $15 v128)
  (local $16 v128)
  (local $17 v128)
  (local $18 i32)
  (local $19 i32)
  (local $20 i32)
  (local $21 i32)
  (local $22 i32)
  (local $23 i32)
  (local $24 i32)
  (local $25 v128)
  (local $26 i32)
  (local $27 i32)
  (local $28 i32)
  (local $29 v128)
  (local $30 v128)
  (local $31 v128)
  (local $32 v128)
  (local $33 v128)
  (local $34 v128)
  (local $35 v128)
  local.get $9
  i32.const 2
  i32.shl
  local.tee $13
  local.get $7
  i32.mul
  local.set $19
  local.get $7
  i32.const 1
  i32.shr_s
  local.tee $20
  local.get $6
  i32.const 1
  i32.shr_s
  i32.mul
  local.tee $21
  local.get $5
  i32.mul
  local.set $22
  local.get $4
  local.get $8
  i32.const 2
  i32.shl
  local.tee $23
  i32.const 9
  i32.shl
  i32.add
  local.set $24
  loop $for-loop|0
   local.get $14
   local.get $22
   i32.lt_s
   if
    local.get $23
    i32.const 32
    local.get $22
    local.get $14
    i32.sub
    local.tee $5
    local.get $5
    i32.const 32
    i32.gt_s
    select
    local.tee $18
    i32.mul
    local.set $12
    local.get $13
    local.get $18
    i32.mul
    local.set $26
    local.get $0
    local.get $4
    local.get $14
    local.get $18
    local.get $6
    local.get $7
    local.get $8
    call $assembly/winograd/winogradInput
    local.get $8
    local.get $13
    i32.mul
    local.set $27
    i32.const 0
    local.set $5
    loop $for-loop|1
     local.get $5
     i32.const 16
     i32.lt_u
     if
      local.get $4
      local.get $5
      local.get $12
      i32.mul
      i32.add
      local.get $23
      i32.const 4
      local.get $1
      local.get $5
      local.get $27
      i32.mul
      i32.add
      local.get $24
      local.get $5
      local.get $26
      i32.mul
      i32.add
      local.get $18
      local.get $8
      local.get $9
      i32.const 0
      call $assembly/gemm/gemm
      local.get $5
      i32.const 1
      i32.add
      local.set $5
      br $for-loop|1
     end
    end
    i32.const 0
    local.set $5
    loop $for-loop|2
     local.get $5
     local.get $18
     i32.lt_s
     if
      local.get $3
      local.get $5
      local.get $14
      i32.add
      local.tee $12
      local.get $21
      i32.div_s
      local.tee $27
      local.get $6
      i32.mul
      local.get $12
      local.get $21
      local.get $27
      i32.mul
      i32.sub
      local.tee $12
      local.get $20
      i32.div_s
      i32.const 1
      i32.shl
      i32.add
      local.get $19
      i32.mul
      i32.add
      local.get $12
      local.get $20
      i32.rem_s
      i32.const 1
      i32.shl
      local.get $13
      i32.mul
      i32.add
      local.set $27
      i32.const 0
      local.set $12
      loop $for-loop|3
       local.get $12
       local.get $13
       i32.lt_u
       if
        local.get $24
        local.get $5
        local.get $13
        i32.mul
        i32.add
        local.get $12
        i32.add
        local.tee $28
        local.get $26
        i32.const 2
        i32.shl
        i32.add
        v128.load
        local.set $29
        local.get $26
        local.get $28
        i32.add
        v128.load
        local.get $28
        local.get $26
        i32.const 5
        i32.mul
        i32.add
        v128.load
        local.tee $30
        f32x4.add
        local.get $28
        local.get $26
        i32.const 9
        i32.mul
        i32.add
        v128.load
        local.tee $31
        f32x4.add
        local.set $32
        local.get $28
        local.get $26
        i32.const 1
        i32.shl
        i32.add
        v128.load
        local.get $28
        local.get $26
        i32.const 6
        i32.mul
        i32.add
        v128.load
        local.tee $33
        f32x4.add
        local.get $28
        local.get $26
        i32.const 10
        i32.mul
        i32.add
        v128.load
        local.tee $11
        f32x4.add
        local.set $34
        local.get $28
        local.get $26
        i32.const 3
        i32.mul
        i32.add
        v128.load
        local.get $28
        local.get $26
        i32.const 7
        i32.mul
        i32.add
        v128.load
        local.tee $15
        f32x4.add
        local.get $28
        local.get $26
        i32.const 11
        i32.mul
        i32.add
        v128.load
        local.tee $16
        f32x4.add
        local.set $17
        local.get $29
        local.get $28
        local.get $26
        i32.const 3
        i32.shl
        i32.add
        v128.load
        local.tee $35
        f32x4.sub
        local.get $28
        local.get $26
        i32.const 12
        i32.mul
        i32.add
        v128.load
        f32x4.sub
        local.get $30
        local.get $31
        f32x4.sub
        local.get $28
        local.get $26
        i32.const 13
        i32.mul
        i32.add
        v128.load
        f32x4.sub
        local.set $30
        local.get $33
        local.get $11
        f32x4.sub
        local.get $28
        local.get $26
        i32.const 14
        i32.mul
        i32.add
        v128.load
        f32x4.sub
        local.set $11
        local.get $15
        local.get $16
        f32x4.sub
        local.get $28
        local.get $26
        i32.const 15
        i32.mul
        i32.add
        v128.load
        f32x4.sub
        local.set $31
        local.get $28
        v128.load
        local.get $29
        f32x4.add
        local.get $35
        f32x4.add
        local.get $32
        f32x4.add
        local.get $34
        f32x4.add
        local.get $2
        if (result v128)
         local.get $2
         local.get $12
         i32.add
         v128.load
        else
         v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
        end
        local.tee $29
        f32x4.add
        local.set $15
        local.get $32
        local.get $34
        f32x4.sub
        local.get $17
        f32x4.sub
        local.get $29
        f32x4.add
        local.set $16
        local.get $30
        f32x4.add
        local.get $11
        f32x4.add
        local.get $29
        f32x4.add
        local.set $17
        local.get $30
        local.get $11
        f32x4.sub
        local.get $31
        f32x4.sub
        local.get $29
        f32x4.add
        local.set $11
        local.get $10
        if
         local.get $15
         v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
         f32x4.max
         local.set $15
         local.get $16
         v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
         f32x4.max
         local.set $16
         local.get $17
         v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
         f32x4.max
         local.set $17
         local.get $11
         v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
         f32x4.max
         local.set $11
        end
        local.get $12
        local.get $27
        i32.add
        local.get $15
        v128.store
        local.get $13
        local.get $27
        i32.add
        local.get $12
        i32.add
        local.get $16
        v128.store
        local.get $19
        local.get $27
        i32.add
        local.tee $28
        local.get $12
        i32.add
        local.get $17
        v128.store
        local.get $13
        local.get $28
        i32.add
        local.get $12
        i32.add
        local.get $11
        v128.store
        local.get $12
        i32.const 16
        i32.add
        local.set $12
        br $for-loop|3
       end
      end
      local.get $5
      i32.const 1
      i32.add
      local.set $5
      br $for-loop|2
     end
    end
    local.get $14
    i32.const 32
    i32.add
    local.set $14
    br $for-loop|0
   end
  end
 )
 (func $assembly/sum/sumRows (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local $8 v128)
  (local $9 i32)
  (local $10 i32)
  local.get $4
  i32.const 0
  local.get $2
  i32.const 2
  i32.shl
  local.tee $9
  i32.const 1
  i32.shl
  memory.fill
  loop $for-loop|0
   local.get $1
   local.get $7
   i32.gt_s
   if
    local.get $0
    local.get $9
    i32.add
    local.set $10
    local.get $4
    local.set $5
    loop $while-continue|1
     local.get $0
     local.get $10
     i32.lt_u
     if
      local.get $5
      local.get $5
      v128.load
      local.get $0
      v128.load
      local.tee $8
      f64x2.promote_low_f32x4
      f64x2.add
      v128.store
      local.get $5
      local.get $5
      v128.load offset=16
      local.get $8
      local.get $8
      i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
      f64x2.promote_low_f32x4
      f64x2.add
      v128.store offset=16
      local.get $0
      i32.const 16
      i32.add
      local.set $0
      local.get $5
      i32.const 32
      i32.add
      local.set $5
      br $while-continue|1
     end
    end
    local.get $7
    i32.const 1
    i32.add
    local.set $7
    br $for-loop|0
   end
  end
  loop $for-loop|2
   local.get $2
   local.get $6
   i32.gt_s
   if
    local.get $3
    local.get $6
    i32.const 2
    i32.shl
    i32.add
    local.get $4
    local.get $6
    i32.const 3
    i32.shl
    i32.add
    f64.load
    f32.demote_f64
    f32.store
    local.get $6
    i32.const 1
    i32.add
    local.set $6
    br $for-loop|2
   end
  end
 )
 (func $assembly/max-pool/maxPoolReluGrad2x2 (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32) (param $7 i32)
  (local $8 i32)
  (local $9 i32)
  (local $10 i32)
  (local $11 v128)
  (local $12 i32)
  (local $13 i32)
  (local $14 i32)
  (local $15 i32)
  (local $16 i32)
  (local $17 v128)
  (local $18 i32)
  (local $19 v128)
  (local $20 v128)
  (local $21 v128)
  (local $22 v128)
  local.get $7
  i32.const 2
  i32.shl
  local.tee $9
  local.get $6
  i32.mul
  local.set $13
  local.get $3
  i32.const 0
  local.get $9
  memory.fill
  loop $for-loop|0
   local.get $4
   local.get $14
   i32.gt_s
   if
    i32.const 0
    local.set $12
    loop $for-loop|1
     local.get $5
     local.get $12
     i32.gt_s
     if
      local.get $5
      local.get $14
      i32.mul
      local.get $12
      i32.add
      local.get $13
      i32.mul
      local.tee $7
      local.get $0
      i32.add
      local.set $8
      local.get $2
      local.get $7
      i32.add
      local.set $10
      i32.const 0
      local.set $15
      loop $for-loop|2
       local.get $6
       local.get $15
       i32.gt_s
       if
        local.get $3
        local.set $7
        local.get $8
        local.get $9
        i32.add
        local.set $16
        loop $while-continue|3
         local.get $8
         local.get $16
         i32.lt_u
         if
          local.get $8
          local.get $13
          i32.add
          local.tee $18
          v128.load
          local.set $19
          local.get $8
          local.get $9
          i32.add
          v128.load
          local.tee $20
          local.get $8
          v128.load
          local.tee $21
          f32x4.gt
          local.set $22
          local.get $9
          local.get $18
          i32.add
          v128.load
          local.tee $17
          local.get $19
          f32x4.gt
          local.set $11
          local.get $17
          local.get $19
          local.get $11
          v128.bitselect
          local.tee $17
          local.get $20
          local.get $21
          local.get $22
          v128.bitselect
          local.tee $19
          f32x4.gt
          local.set $20
          local.get $10
          local.get $1
          v128.load
          local.get $17
          local.get $19
          local.get $20
          v128.bitselect
          v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
          f32x4.gt
          v128.and
          local.tee $17
          local.get $20
          v128.andnot
          local.tee $19
          local.get $22
          v128.andnot
          v128.store
          local.get $9
          local.get $10
          i32.add
          local.get $19
          local.get $22
          v128.and
          v128.store
          local.get $10
          local.get $13
          i32.add
          local.tee $18
          local.get $17
          local.get $20
          v128.and
          local.tee $19
          local.get $11
          v128.andnot
          v128.store
          local.get $9
          local.get $18
          i32.add
          local.get $19
          local.get $11
          v128.and
          v128.store
          local.get $7
          local.get $7
          v128.load
          local.get $17
          f32x4.add
          v128.store
          local.get $7
          i32.const 16
          i32.add
          local.set $7
          local.get $8
          i32.const 16
          i32.add
          local.set $8
          local.get $10
          i32.const 16
          i32.add
          local.set $10
          local.get $1
          i32.const 16
          i32.add
          local.set $1
          br $while-continue|3
         end
        end
        local.get $8
        local.get $9
        i32.add
        local.set $8
        local.get $9
        local.get $10
        i32.add
        local.set $10
        local.get $15
        i32.const 2
        i32.add
        local.set $15
        br $for-loop|2
       end
      end
      local.get $12
      i32.const 2
      i32.add
      local.set $12
      br $for-loop|1
     end
    end
    local.get $14
    i32.const 1
    i32.add
    local.set $14
    br $for-loop|0
   end
  end
 )
 (func $assembly/max-pool/maxPoolGrad2x2 (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32) (param $7 i32) (param $8 i32)
  (local $9 v128)
  (local $10 i32)
  (local $11 i32)
  (local $12 i32)
  (local $13 i32)
  (local $14 i32)
  (local $15 v128)
  (local $16 i32)
  (local $17 v128)
  (local $18 v128)
  (local $19 v128)
  (local $20 i32)
  (local $21 v128)
  (local $22 v128)
  local.get $6
  i32.const 2
  i32.shl
  local.tee $16
  local.get $5
  i32.mul
  local.set $11
  loop $for-loop|0
   local.get $3
   local.get $12
   i32.gt_s
   if
    i32.const 0
    local.set $10
    loop $for-loop|1
     local.get $7
     local.get $10
     i32.gt_s
     if
      local.get $4
      local.get $12
      i32.mul
      local.get $10
      i32.const 1
      i32.shl
      i32.add
      local.get $11
      i32.mul
      local.tee $6
      local.get $0
      i32.add
      local.set $5
      local.get $2
      local.get $6
      i32.add
      local.set $6
      i32.const 0
      local.set $13
      loop $for-loop|2
       local.get $8
       local.get $13
       i32.gt_s
       if
        local.get $5
        local.get $16
        i32.add
        local.set $14
        loop $while-continue|3
         local.get $5
         local.get $14
         i32.lt_u
         if
          local.get $5
          local.get $11
          i32.add
          local.tee $20
          v128.load
          local.set $17
          local.get $5
          local.get $16
          i32.add
          v128.load
          local.tee $18
          local.get $5
          v128.load
          local.tee $21
          f32x4.gt
          local.set $19
          local.get $16
          local.get $20
          i32.add
          v128.load
          local.tee $22
          local.get $17
          f32x4.gt
          local.set $9
          local.get $6
          local.get $1
          v128.load
          local.tee $15
          local.get $22
          local.get $17
          local.get $9
          v128.bitselect
          local.get $18
          local.get $21
          local.get $19
          v128.bitselect
          f32x4.gt
          local.tee $17
          v128.andnot
          local.tee $18
          local.get $19
          v128.andnot
          v128.store
          local.get $6
          local.get $16
          i32.add
          local.get $18
          local.get $19
          v128.and
          v128.store
          local.get $6
          local.get $11
          i32.add
          local.tee $20
          local.get $15
          local.get $17
          v128.and
          local.tee $15
          local.get $9
          v128.andnot
          v128.store
          local.get $16
          local.get $20
          i32.add
          local.get $15
          local.get $9
          v128.and
          v128.store
          local.get $5
          i32.const 16
          i32.add
          local.set $5
          local.get $6
          i32.const 16
          i32.add
          local.set $6
          local.get $1
          i32.const 16
          i32.add
          local.set $1
          br $while-continue|3
         end
        end
        local.get $5
        local.get $16
        i32.add
        local.set $5
        local.get $6
        local.get $16
        i32.add
        local.set $6
        local.get $13
        i32.const 1
        i32.add
        local.set $13
        br $for-loop|2
       end
      end
      local.get $10
      i32.const 1
      i32.add
      local.set $10
      br $for-loop|1
     end
    end
    local.get $12
    i32.const 1
    i32.add
    local.set $12
    br $for-loop|0
   end
  end
 )
 (func $assembly/max-pool/maxPool2x2 (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32) (param $7 i32)
  (local $8 i32)
  (local $9 i32)
  (local $10 i32)
  (local $11 i32)
  (local $12 i32)
  (local $13 i32)
  local.get $5
  i32.const 2
  i32.shl
  local.tee $13
  local.get $4
  i32.mul
  local.set $10
  loop $for-loop|0
   local.get $2
   local.get $8
   i32.gt_s
   if
    i32.const 0
    local.set $5
    loop $for-loop|1
     local.get $5
     local.get $6
     i32.lt_s
     if
      local.get $0
      local.get $3
      local.get $8
      i32.mul
      local.get $5
      i32.const 1
      i32.shl
      i32.add
      local.get $10
      i32.mul
      i32.add
      local.set $4
      i32.const 0
      local.set $9
      loop $for-loop|2
       local.get $7
       local.get $9
       i32.gt_s
       if
        local.get $4
        local.get $13
        i32.add
        local.set $11
        loop $while-continue|3
         local.get $4
         local.get $11
         i32.lt_u
         if
          local.get $1
          local.get $4
          v128.load
          local.get $4
          local.get $13
          i32.add
          v128.load
          f32x4.max
          local.get $4
          local.get $10
          i32.add
          local.tee $12
          v128.load
          local.get $12
          local.get $13
          i32.add
          v128.load
          f32x4.max
          f32x4.max
          v128.store
          local.get $4
          i32.const 16
          i32.add
          local.set $4
          local.get $1
          i32.const 16
          i32.add
          local.set $1
          br $while-continue|3
         end
        end
        local.get $4
        local.get $13
        i32.add
        local.set $4
        local.get $9
        i32.const 1
        i32.add
        local.set $9
        br $for-loop|2
       end
      end
      local.get $5
      i32.const 1
      i32.add
      local.set $5
      br $for-loop|1
     end
    end
    local.get $8
    i32.const 1
    i32.add
    local.set $8
    br $for-loop|0
   end
  end
 )
 (func $assembly/gemm/matmulTransposedB (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32)
  (local $6 v128)
  (local $7 v128)
  (local $8 i32)
  (local $9 i32)
  (local $10 i32)
  (local $11 v128)
  (local $12 v128)
  (local $13 v128)
  (local $14 v128)
  (local $15 v128)
  (local $16 v128)
  (local $17 v128)
  (local $18 i32)
  (local $19 i32)
  (local $20 i32)
  (local $21 v128)
  (local $22 v128)
  (local $23 v128)
  (local $24 i32)
  (local $25 i32)
  (local $26 i32)
  (local $27 i32)
  (local $28 i32)
  (local $29 v128)
  local.get $4
  i32.const 2
  i32.shl
  local.set $24
  local.get $5
  i32.const 2
  i32.shl
  local.set $10
  loop $for-loop|0
   local.get $9
   i32.const 2
   i32.add
   local.get $3
   i32.le_s
   if
    local.get $0
    local.get $9
    local.get $24
    i32.mul
    i32.add
    local.tee $25
    local.get $24
    i32.add
    local.set $26
    local.get $2
    local.get $9
    local.get $10
    i32.mul
    i32.add
    local.set $27
    i32.const 0
    local.set $4
    loop $for-loop|1
     local.get $4
     i32.const 4
     i32.add
     local.get $5
     i32.le_s
     if
      local.get $1
      local.get $4
      local.get $24
      i32.mul
      i32.add
      local.tee $28
      local.get $24
      i32.add
      local.tee $18
      local.get $24
      i32.add
      local.tee $19
      local.get $24
      i32.add
      local.set $20
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $6
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $7
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $11
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $12
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $13
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $14
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $15
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $16
      i32.const 0
      local.set $8
      loop $for-loop|2
       local.get $8
       local.get $24
       i32.lt_u
       if
        local.get $8
        local.get $25
        i32.add
        v128.load
        local.tee $23
        local.get $8
        local.get $28
        i32.add
        v128.load
        local.tee $17
        f32x4.mul
        local.get $6
        f32x4.add
        local.set $6
        local.get $23
        local.get $8
        local.get $18
        i32.add
        v128.load
        local.tee $21
        f32x4.mul
        local.get $7
        f32x4.add
        local.set $7
        local.get $23
        local.get $8
        local.get $19
        i32.add
        v128.load
        local.tee $22
        f32x4.mul
        local.get $11
        f32x4.add
        local.set $11
        local.get $23
        local.get $8
        local.get $20
        i32.add
        v128.load
        local.tee $29
        f32x4.mul
        local.get $12
        f32x4.add
        local.set $12
        local.get $8
        local.get $26
        i32.add
        v128.load
        local.tee $23
        local.get $17
        f32x4.mul
        local.get $13
        f32x4.add
        local.set $13
        local.get $23
        local.get $21
        f32x4.mul
        local.get $14
        f32x4.add
        local.set $14
        local.get $23
        local.get $22
        f32x4.mul
        local.get $15
        f32x4.add
        local.set $15
        local.get $23
        local.get $29
        f32x4.mul
        local.get $16
        f32x4.add
        local.set $16
        local.get $8
        i32.const 16
        i32.add
        local.set $8
        br $for-loop|2
       end
      end
      local.get $27
      local.get $4
      i32.const 2
      i32.shl
      i32.add
      local.tee $8
      local.get $6
      local.get $7
      i8x16.shuffle 0 1 2 3 16 17 18 19 8 9 10 11 24 25 26 27
      local.get $6
      local.get $7
      i8x16.shuffle 4 5 6 7 20 21 22 23 12 13 14 15 28 29 30 31
      f32x4.add
      local.tee $6
      local.get $11
      local.get $12
      i8x16.shuffle 0 1 2 3 16 17 18 19 8 9 10 11 24 25 26 27
      local.get $11
      local.get $12
      i8x16.shuffle 4 5 6 7 20 21 22 23 12 13 14 15 28 29 30 31
      f32x4.add
      local.tee $7
      i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      local.get $6
      local.get $7
      i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
      f32x4.add
      v128.store
      local.get $8
      local.get $10
      i32.add
      local.get $13
      local.get $14
      i8x16.shuffle 0 1 2 3 16 17 18 19 8 9 10 11 24 25 26 27
      local.get $13
      local.get $14
      i8x16.shuffle 4 5 6 7 20 21 22 23 12 13 14 15 28 29 30 31
      f32x4.add
      local.tee $6
      local.get $15
      local.get $16
      i8x16.shuffle 0 1 2 3 16 17 18 19 8 9 10 11 24 25 26 27
      local.get $15
      local.get $16
      i8x16.shuffle 4 5 6 7 20 21 22 23 12 13 14 15 28 29 30 31
      f32x4.add
      local.tee $7
      i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      local.get $6
      local.get $7
      i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
      f32x4.add
      v128.store
      local.get $4
      i32.const 4
      i32.add
      local.set $4
      br $for-loop|1
     end
    end
    loop $for-loop|3
     local.get $4
     local.get $5
     i32.lt_s
     if
      local.get $1
      local.get $4
      local.get $24
      i32.mul
      i32.add
      local.set $18
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $7
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $6
      i32.const 0
      local.set $8
      loop $for-loop|4
       local.get $8
       local.get $24
       i32.lt_u
       if
        local.get $8
        local.get $25
        i32.add
        v128.load
        local.get $8
        local.get $18
        i32.add
        v128.load
        local.tee $11
        f32x4.mul
        local.get $7
        f32x4.add
        local.set $7
        local.get $8
        local.get $26
        i32.add
        v128.load
        local.get $11
        f32x4.mul
        local.get $6
        f32x4.add
        local.set $6
        local.get $8
        i32.const 16
        i32.add
        local.set $8
        br $for-loop|4
       end
      end
      local.get $27
      local.get $4
      i32.const 2
      i32.shl
      local.tee $8
      i32.add
      local.get $7
      f32x4.extract_lane 0
      local.get $7
      f32x4.extract_lane 1
      f32.add
      local.get $7
      f32x4.extract_lane 2
      local.get $7
      f32x4.extract_lane 3
      f32.add
      f32.add
      f32.store
      local.get $10
      local.get $27
      i32.add
      local.get $8
      i32.add
      local.get $6
      f32x4.extract_lane 0
      local.get $6
      f32x4.extract_lane 1
      f32.add
      local.get $6
      f32x4.extract_lane 2
      local.get $6
      f32x4.extract_lane 3
      f32.add
      f32.add
      f32.store
      local.get $4
      i32.const 1
      i32.add
      local.set $4
      br $for-loop|3
     end
    end
    local.get $9
    i32.const 2
    i32.add
    local.set $9
    br $for-loop|0
   end
  end
  loop $for-loop|5
   local.get $3
   local.get $9
   i32.gt_s
   if
    local.get $0
    local.get $9
    local.get $24
    i32.mul
    i32.add
    local.set $18
    local.get $2
    local.get $9
    local.get $10
    i32.mul
    i32.add
    local.set $19
    i32.const 0
    local.set $4
    loop $for-loop|6
     local.get $4
     local.get $5
     i32.lt_s
     if
      local.get $1
      local.get $4
      local.get $24
      i32.mul
      i32.add
      local.set $20
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $6
      i32.const 0
      local.set $8
      loop $for-loop|7
       local.get $8
       local.get $24
       i32.lt_u
       if
        local.get $8
        local.get $18
        i32.add
        v128.load
        local.get $8
        local.get $20
        i32.add
        v128.load
        f32x4.mul
        local.get $6
        f32x4.add
        local.set $6
        local.get $8
        i32.const 16
        i32.add
        local.set $8
        br $for-loop|7
       end
      end
      local.get $19
      local.get $4
      i32.const 2
      i32.shl
      i32.add
      local.get $6
      f32x4.extract_lane 0
      local.get $6
      f32x4.extract_lane 1
      f32.add
      local.get $6
      f32x4.extract_lane 2
      local.get $6
      f32x4.extract_lane 3
      f32.add
      f32.add
      f32.store
      local.get $4
      i32.const 1
      i32.add
      local.set $4
      br $for-loop|6
     end
    end
    local.get $9
    i32.const 1
    i32.add
    local.set $9
    br $for-loop|5
   end
  end
 )
 (func $assembly/gemm/matmulTransposedA (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32)
  local.get $0
  i32.const 4
  local.get $3
  i32.const 2
  i32.shl
  local.get $1
  local.get $2
  local.get $3
  local.get $4
  local.get $5
  i32.const 0
  call $assembly/gemm/gemm
 )
 (func $assembly/gemm/matmul (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32)
  local.get $0
  local.get $4
  i32.const 2
  i32.shl
  i32.const 4
  local.get $1
  local.get $2
  local.get $3
  local.get $4
  local.get $5
  i32.const 0
  call $assembly/gemm/gemm
 )
 (func $assembly/dense/denseDropoutLogits (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32) (param $7 i32) (param $8 i32)
  (local $9 i32)
  (local $10 i32)
  (local $11 i32)
  (local $12 i32)
  (local $13 f32)
  (local $14 i32)
  local.get $5
  i32.const 2
  i32.shl
  local.set $9
  local.get $6
  i32.const 2
  i32.shl
  local.set $11
  loop $for-loop|0
   local.get $4
   local.get $10
   i32.gt_s
   if
    local.get $9
    local.get $10
    i32.mul
    local.tee $5
    local.get $0
    i32.add
    local.set $6
    local.get $5
    local.get $7
    i32.add
    local.set $12
    local.get $1
    if
     local.get $1
     local.get $5
     i32.add
     local.set $14
     i32.const 0
     local.set $5
     loop $for-loop|1
      local.get $5
      local.get $9
      i32.lt_u
      if
       local.get $5
       local.get $12
       i32.add
       local.get $5
       local.get $6
       i32.add
       f32.load
       local.get $5
       local.get $14
       i32.add
       f32.load
       f32.mul
       f32.store
       local.get $5
       i32.const 4
       i32.add
       local.set $5
       br $for-loop|1
      end
     end
    else
     local.get $12
     local.get $6
     local.get $9
     memory.copy
    end
    local.get $8
    local.get $10
    local.get $11
    i32.mul
    i32.add
    local.set $14
    i32.const 0
    local.set $5
    loop $for-loop|2
     local.get $5
     local.get $11
     i32.lt_u
     if
      f32.const 0
      local.set $13
      i32.const 0
      local.set $6
      loop $for-loop|3
       local.get $6
       local.get $9
       i32.lt_u
       if
        local.get $13
        local.get $6
        local.get $12
        i32.add
        f32.load
        local.get $2
        local.get $6
        i32.const 2
        i32.shr_u
        local.get $11
        i32.mul
        i32.add
        local.get $5
        i32.add
        f32.load
        f32.mul
        f32.add
        local.set $13
        local.get $6
        i32.const 4
        i32.add
        local.set $6
        br $for-loop|3
       end
      end
      local.get $5
      local.get $14
      i32.add
      local.get $13
      local.get $3
      local.get $5
      i32.add
      f32.load
      f32.add
      f32.store
      local.get $5
      i32.const 4
      i32.add
      local.set $5
      br $for-loop|2
     end
    end
    local.get $10
    i32.const 1
    i32.add
    local.set $10
    br $for-loop|0
   end
  end
 )
 (func $assembly/dense/denseDropoutBackward (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32) (param $7 i32) (param $8 i32) (param $9 i32) (param $10 i32) (param $11 i32)
  (local $12 f32)
  (local $13 i32)
  (local $14 i32)
  (local $15 i32)
  (local $16 i32)
  (local $17 i32)
  (local $18 i32)
  (local $19 f32)
  (local $20 i32)
  (local $21 i32)
  (local $22 i32)
  (local $23 f32)
  (local $24 i32)
  local.get $9
  i32.const 0
  local.get $7
  i32.const 2
  i32.shl
  local.tee $24
  local.get $6
  i32.mul
  memory.fill
  local.get $10
  i32.const 0
  local.get $24
  memory.fill
  local.get $11
  i32.const 0
  local.get $6
  i32.const 2
  i32.shl
  local.tee $14
  memory.fill
  loop $for-loop|0
   local.get $5
   local.get $13
   i32.gt_s
   if
    local.get $13
    local.get $14
    i32.mul
    local.tee $6
    local.get $0
    i32.add
    local.set $16
    local.get $1
    local.get $6
    i32.add
    local.set $17
    local.get $4
    local.get $13
    local.get $24
    i32.mul
    i32.add
    local.set $15
    local.get $6
    local.get $8
    i32.add
    local.set $18
    i32.const 0
    local.set $6
    loop $for-loop|1
     local.get $6
     local.get $24
     i32.lt_u
     if
      local.get $6
      local.get $10
      i32.add
      local.tee $7
      local.get $7
      f32.load
      local.get $6
      local.get $15
      i32.add
      f32.load
      f32.add
      f32.store
      local.get $6
      i32.const 4
      i32.add
      local.set $6
      br $for-loop|1
     end
    end
    i32.const 0
    local.set $6
    loop $for-loop|2
     local.get $6
     local.get $14
     i32.lt_u
     if
      local.get $6
      local.get $17
      i32.add
      f32.load
      local.set $19
      local.get $6
      i32.const 2
      i32.shr_u
      local.get $24
      i32.mul
      local.tee $7
      local.get $3
      i32.add
      local.set $20
      local.get $7
      local.get $9
      i32.add
      local.set $21
      f32.const 0
      local.set $12
      i32.const 0
      local.set $7
      loop $for-loop|3
       local.get $7
       local.get $24
       i32.lt_u
       if
        local.get $7
        local.get $21
        i32.add
        local.tee $22
        local.get $22
        f32.load
        local.get $19
        local.get $7
        local.get $15
        i32.add
        f32.load
        local.tee $23
        f32.mul
        f32.add
        f32.store
        local.get $12
        local.get $23
        local.get $7
        local.get $20
        i32.add
        f32.load
        f32.mul
        f32.add
        local.set $12
        local.get $7
        i32.const 4
        i32.add
        local.set $7
        br $for-loop|3
       end
      end
      local.get $6
      local.get $18
      i32.add
      local.get $2
      if (result f32)
       local.get $12
       local.get $2
       local.get $13
       local.get $14
       i32.mul
       i32.add
       local.get $6
       i32.add
       f32.load
       f32.mul
      else
       local.get $12
      end
      f32.const 0
      local.get $6
      local.get $16
      i32.add
      f32.load
      f32.const 0
      f32.gt
      select
      local.tee $12
      f32.store
      local.get $6
      local.get $11
      i32.add
      local.tee $7
      local.get $7
      f32.load
      local.get $12
      f32.add
      f32.store
      local.get $6
      i32.const 4
      i32.add
      local.set $6
      br $for-loop|2
     end
    end
    local.get $13
    i32.const 1
    i32.add
    local.set $13
    br $for-loop|0
   end
  end
 )
 (func $assembly/dense/biasRelu (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 v128)
  (local $8 i32)
  local.get $3
  i32.const 2
  i32.shl
  local.set $5
  loop $for-loop|0
   local.get $2
   local.get $6
   i32.gt_s
   if
    i32.const 0
    local.set $3
    loop $for-loop|1
     local.get $3
     local.get $5
     i32.lt_u
     if
      local.get $0
      local.get $3
      i32.add
      local.tee $8
      v128.load
      local.get $1
      local.get $3
      i32.add
      v128.load
      f32x4.add
      local.set $7
      local.get $8
      local.get $7
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      f32x4.max
      local.get $7
      local.get $4
      select
      v128.store
      local.get $3
      i32.const 16
      i32.add
      local.set $3
      br $for-loop|1
     end
    end
    local.get $0
    local.get $5
    i32.add
    local.set $0
    local.get $6
    i32.const 1
    i32.add
    local.set $6
    br $for-loop|0
   end
  end
 )
 (func $assembly/conv3x3-c1/padImage (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local $8 i32)
  (local $9 i32)
  (local $10 i32)
  local.get $1
  i32.const 0
  local.get $4
  i32.const 2
  i32.add
  local.tee $7
  local.get $3
  i32.const 2
  i32.add
  i32.mul
  i32.const 2
  i32.shl
  local.tee $8
  local.get $2
  i32.mul
  memory.fill
  local.get $4
  i32.const 2
  i32.shl
  local.set $6
  loop $for-loop|0
   local.get $2
   local.get $5
   i32.gt_s
   if
    local.get $0
    local.get $3
    local.get $5
    i32.mul
    local.get $6
    i32.mul
    i32.add
    local.set $9
    local.get $1
    local.get $5
    local.get $8
    i32.mul
    i32.add
    local.get $7
    i32.const 1
    i32.add
    i32.const 2
    i32.shl
    i32.add
    local.set $10
    i32.const 0
    local.set $4
    loop $for-loop|1
     local.get $3
     local.get $4
     i32.gt_s
     if
      local.get $10
      local.get $4
      local.get $7
      i32.mul
      i32.const 2
      i32.shl
      i32.add
      local.get $9
      local.get $4
      local.get $6
      i32.mul
      i32.add
      local.get $6
      memory.copy
      local.get $4
      i32.const 1
      i32.add
      local.set $4
      br $for-loop|1
     end
    end
    local.get $5
    i32.const 1
    i32.add
    local.set $5
    br $for-loop|0
   end
  end
 )
 (func $assembly/conv3x3-c1/conv3x3C1PoolGrad (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32) (param $7 i32) (param $8 i32)
  (local $9 v128)
  (local $10 i32)
  (local $11 i32)
  (local $12 i32)
  (local $13 i32)
  (local $14 i32)
  (local $15 v128)
  (local $16 v128)
  (local $17 v128)
  (local $18 v128)
  (local $19 v128)
  (local $20 v128)
  (local $21 v128)
  (local $22 v128)
  (local $23 v128)
  (local $24 i32)
  (local $25 i32)
  (local $26 i32)
  (local $27 i32)
  (local $28 i32)
  (local $29 i32)
  (local $30 i32)
  (local $31 i32)
  (local $32 i32)
  (local $33 i32)
  (local $34 i32)
  (local $35 i32)
  (local $36 i32)
  (local $37 v128)
  (local $38 v128)
  (local $39 i32)
  (local $40 v128)
  (local $41 v128)
  (local $42 v128)
  (local $43 v128)
  (local $44 i32)
  (local $45 v128)
  (local $46 v128)
  (local $47 v128)
  (local $48 v128)
  local.get $7
  i32.const 2
  i32.add
  i32.const 2
  i32.shl
  local.tee $13
  local.get $6
  i32.const 2
  i32.add
  i32.mul
  local.set $25
  local.get $8
  i32.const 2
  i32.shl
  local.tee $35
  local.get $7
  i32.mul
  local.set $14
  local.get $7
  i32.const 1
  i32.shr_s
  local.get $35
  i32.mul
  local.set $24
  local.get $3
  i32.const 0
  local.get $35
  i32.const 9
  i32.mul
  memory.fill
  local.get $4
  i32.const 0
  local.get $35
  memory.fill
  loop $for-loop|0
   local.get $10
   local.get $35
   i32.lt_u
   if
    i32.const 0
    local.set $11
    loop $for-loop|1
     local.get $5
     local.get $11
     i32.gt_s
     if
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $9
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $15
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $16
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $17
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $18
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $19
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $20
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $21
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $22
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      local.set $23
      local.get $0
      local.get $11
      local.get $25
      i32.mul
      i32.add
      local.set $26
      local.get $1
      local.get $6
      local.get $11
      i32.mul
      local.get $14
      i32.mul
      i32.add
      local.get $10
      i32.add
      local.set $27
      local.get $2
      local.get $11
      local.get $6
      i32.const 1
      i32.shr_s
      i32.mul
      local.get $24
      i32.mul
      i32.add
      local.get $10
      i32.add
      local.set $28
      i32.const 0
      local.set $8
      loop $for-loop|2
       local.get $6
       local.get $8
       i32.gt_s
       if
        local.get $26
        local.get $8
        local.get $13
        i32.mul
        i32.add
        local.tee $29
        local.get $13
        i32.add
        local.tee $30
        local.get $13
        i32.add
        local.tee $31
        local.get $13
        i32.add
        local.set $32
        local.get $27
        local.get $8
        local.get $14
        i32.mul
        i32.add
        local.set $33
        local.get $28
        local.get $8
        i32.const 1
        i32.shr_s
        local.get $24
        i32.mul
        i32.add
        local.set $34
        i32.const 0
        local.set $12
        loop $for-loop|3
         local.get $7
         local.get $12
         i32.gt_s
         if
          local.get $33
          local.get $12
          local.get $35
          i32.mul
          i32.add
          local.tee $36
          v128.load
          local.set $37
          local.get $14
          local.get $36
          i32.add
          local.tee $39
          v128.load
          local.set $38
          local.get $35
          local.get $36
          i32.add
          v128.load
          local.tee $40
          local.get $37
          f32x4.gt
          local.set $41
          local.get $35
          local.get $39
          i32.add
          v128.load
          local.tee $42
          local.get $38
          f32x4.gt
          local.set $43
          local.get $42
          local.get $38
          local.get $43
          v128.bitselect
          local.tee $38
          local.get $40
          local.get $37
          local.get $41
          v128.bitselect
          local.tee $37
          f32x4.gt
          local.set $40
          local.get $34
          local.get $12
          i32.const 1
          i32.shr_s
          local.get $35
          i32.mul
          i32.add
          v128.load
          local.get $38
          local.get $37
          local.get $40
          v128.bitselect
          v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
          f32x4.gt
          v128.and
          local.tee $37
          local.get $40
          v128.andnot
          local.set $38
          local.get $23
          local.get $37
          f32x4.add
          local.set $23
          local.get $29
          local.get $12
          i32.const 2
          i32.shl
          local.tee $39
          i32.add
          local.set $36
          local.get $30
          local.get $39
          i32.add
          local.tee $44
          f32.load
          f32x4.splat
          local.tee $42
          local.get $37
          local.get $40
          v128.and
          local.tee $37
          local.get $43
          v128.andnot
          local.tee $40
          f32x4.mul
          local.get $44
          f32.load offset=4
          f32x4.splat
          local.tee $45
          local.get $37
          local.get $43
          v128.and
          local.tee $43
          f32x4.mul
          local.get $36
          f32.load
          f32x4.splat
          local.get $38
          local.get $41
          v128.andnot
          local.tee $37
          f32x4.mul
          local.get $36
          f32.load offset=4
          f32x4.splat
          local.tee $46
          local.get $38
          local.get $41
          v128.and
          local.tee $41
          f32x4.mul
          local.get $9
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          local.set $9
          local.get $45
          local.get $40
          f32x4.mul
          local.get $44
          f32.load offset=8
          f32x4.splat
          local.tee $47
          local.get $43
          f32x4.mul
          local.get $46
          local.get $37
          f32x4.mul
          local.get $36
          f32.load offset=8
          f32x4.splat
          local.tee $38
          local.get $41
          f32x4.mul
          local.get $15
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          local.set $15
          local.get $47
          local.get $40
          f32x4.mul
          local.get $44
          f32.load offset=12
          f32x4.splat
          local.tee $46
          local.get $43
          f32x4.mul
          local.get $38
          local.get $37
          f32x4.mul
          local.get $36
          f32.load offset=12
          f32x4.splat
          local.get $41
          f32x4.mul
          local.get $16
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          local.set $16
          local.get $31
          local.get $39
          i32.add
          local.tee $36
          f32.load
          f32x4.splat
          local.tee $48
          local.get $40
          f32x4.mul
          local.get $36
          f32.load offset=4
          f32x4.splat
          local.tee $38
          local.get $43
          f32x4.mul
          local.get $42
          local.get $37
          f32x4.mul
          local.get $45
          local.get $41
          f32x4.mul
          local.get $17
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          local.set $17
          local.get $38
          local.get $40
          f32x4.mul
          local.get $36
          f32.load offset=8
          f32x4.splat
          local.tee $42
          local.get $43
          f32x4.mul
          local.get $45
          local.get $37
          f32x4.mul
          local.get $47
          local.get $41
          f32x4.mul
          local.get $18
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          local.set $18
          local.get $42
          local.get $40
          f32x4.mul
          local.get $36
          f32.load offset=12
          f32x4.splat
          local.tee $45
          local.get $43
          f32x4.mul
          local.get $47
          local.get $37
          f32x4.mul
          local.get $46
          local.get $41
          f32x4.mul
          local.get $19
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          local.set $19
          local.get $32
          local.get $39
          i32.add
          local.tee $36
          f32.load offset=4
          f32x4.splat
          local.set $46
          local.get $36
          f32.load
          f32x4.splat
          local.get $40
          f32x4.mul
          local.get $46
          local.get $43
          f32x4.mul
          local.get $48
          local.get $37
          f32x4.mul
          local.get $38
          local.get $41
          f32x4.mul
          local.get $20
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          local.set $20
          local.get $46
          local.get $40
          f32x4.mul
          local.get $36
          f32.load offset=8
          f32x4.splat
          local.tee $46
          local.get $43
          f32x4.mul
          local.get $38
          local.get $37
          f32x4.mul
          local.get $42
          local.get $41
          f32x4.mul
          local.get $21
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          local.set $21
          local.get $46
          local.get $40
          f32x4.mul
          local.get $36
          f32.load offset=12
          f32x4.splat
          local.get $43
          f32x4.mul
          local.get $42
          local.get $37
          f32x4.mul
          local.get $45
          local.get $41
          f32x4.mul
          local.get $22
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          local.set $22
          local.get $12
          i32.const 2
          i32.add
          local.set $12
          br $for-loop|3
         end
        end
        local.get $8
        i32.const 2
        i32.add
        local.set $8
        br $for-loop|2
       end
      end
      local.get $3
      local.get $10
      i32.add
      local.tee $8
      local.get $8
      v128.load
      local.get $9
      f32x4.add
      v128.store
      local.get $3
      local.get $35
      i32.add
      local.get $10
      i32.add
      local.tee $8
      local.get $8
      v128.load
      local.get $15
      f32x4.add
      v128.store
      local.get $3
      local.get $35
      i32.const 1
      i32.shl
      i32.add
      local.get $10
      i32.add
      local.tee $8
      local.get $8
      v128.load
      local.get $16
      f32x4.add
      v128.store
      local.get $3
      local.get $35
      i32.const 3
      i32.mul
      i32.add
      local.get $10
      i32.add
      local.tee $8
      local.get $8
      v128.load
      local.get $17
      f32x4.add
      v128.store
      local.get $3
      local.get $35
      i32.const 2
      i32.shl
      i32.add
      local.get $10
      i32.add
      local.tee $8
      local.get $8
      v128.load
      local.get $18
      f32x4.add
      v128.store
      local.get $3
      local.get $35
      i32.const 5
      i32.mul
      i32.add
      local.get $10
      i32.add
      local.tee $8
      local.get $8
      v128.load
      local.get $19
      f32x4.add
      v128.store
      local.get $3
      local.get $35
      i32.const 6
      i32.mul
      i32.add
      local.get $10
      i32.add
      local.tee $8
      local.get $8
      v128.load
      local.get $20
      f32x4.add
      v128.store
      local.get $3
      local.get $35
      i32.const 7
      i32.mul
      i32.add
      local.get $10
      i32.add
      local.tee $8
      local.get $8
      v128.load
      local.get $21
      f32x4.add
      v128.store
      local.get $3
      local.get $35
      i32.const 3
      i32.shl
      i32.add
      local.get $10
      i32.add
      local.tee $8
      local.get $8
      v128.load
      local.get $22
      f32x4.add
      v128.store
      local.get $4
      local.get $10
      i32.add
      local.tee $8
      local.get $8
      v128.load
      local.get $23
      f32x4.add
      v128.store
      local.get $11
      i32.const 1
      i32.add
      local.set $11
      br $for-loop|1
     end
    end
    local.get $10
    i32.const 16
    i32.add
    local.set $10
    br $for-loop|0
   end
  end
 )
 (func $assembly/conv3x3-c1/conv3x3C1 (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32) (param $7 i32) (param $8 i32) (param $9 i32)
  (local $10 v128)
  (local $11 i32)
  (local $12 i32)
  (local $13 i32)
  (local $14 v128)
  (local $15 v128)
  (local $16 i32)
  (local $17 v128)
  (local $18 v128)
  (local $19 v128)
  (local $20 v128)
  (local $21 v128)
  (local $22 v128)
  (local $23 v128)
  (local $24 v128)
  (local $25 v128)
  (local $26 v128)
  (local $27 v128)
  (local $28 i32)
  (local $29 i32)
  (local $30 i32)
  (local $31 v128)
  (local $32 i32)
  (local $33 i32)
  (local $34 i32)
  (local $35 i32)
  (local $36 i32)
  (local $37 i32)
  (local $38 i32)
  (local $39 i32)
  (local $40 i32)
  (local $41 i32)
  (local $42 i32)
  (local $43 v128)
  (local $44 v128)
  (local $45 i32)
  (local $46 i32)
  (local $47 v128)
  (local $48 v128)
  (local $49 i32)
  (local $50 v128)
  (local $51 v128)
  (local $52 v128)
  local.get $7
  i32.const 2
  i32.add
  i32.const 2
  i32.shl
  local.tee $16
  local.get $6
  i32.const 2
  i32.add
  i32.mul
  local.set $33
  local.get $8
  i32.const 2
  i32.shl
  local.tee $45
  local.get $7
  i32.mul
  local.set $28
  local.get $7
  i32.const 1
  i32.shr_s
  local.get $45
  i32.mul
  local.set $32
  loop $for-loop|0
   local.get $11
   local.get $45
   i32.lt_u
   if
    local.get $1
    local.get $11
    i32.add
    v128.load
    local.set $17
    local.get $1
    local.get $45
    i32.add
    local.get $11
    i32.add
    v128.load
    local.set $18
    local.get $1
    local.get $45
    i32.const 1
    i32.shl
    i32.add
    local.get $11
    i32.add
    v128.load
    local.set $19
    local.get $1
    local.get $45
    i32.const 3
    i32.mul
    i32.add
    local.get $11
    i32.add
    v128.load
    local.set $20
    local.get $1
    local.get $45
    i32.const 2
    i32.shl
    i32.add
    local.get $11
    i32.add
    v128.load
    local.set $21
    local.get $1
    local.get $45
    i32.const 5
    i32.mul
    i32.add
    local.get $11
    i32.add
    v128.load
    local.set $22
    local.get $1
    local.get $45
    i32.const 6
    i32.mul
    i32.add
    local.get $11
    i32.add
    v128.load
    local.set $23
    local.get $1
    local.get $45
    i32.const 7
    i32.mul
    i32.add
    local.get $11
    i32.add
    v128.load
    local.set $24
    local.get $1
    local.get $45
    i32.const 3
    i32.shl
    i32.add
    local.get $11
    i32.add
    v128.load
    local.set $25
    local.get $2
    if (result v128)
     local.get $2
     local.get $11
     i32.add
     v128.load
    else
     v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
    end
    local.set $26
    i32.const 0
    local.set $8
    loop $for-loop|1
     local.get $5
     local.get $8
     i32.gt_s
     if
      local.get $0
      local.get $8
      local.get $33
      i32.mul
      i32.add
      local.set $34
      local.get $3
      local.get $6
      local.get $8
      i32.mul
      local.get $28
      i32.mul
      i32.add
      local.get $11
      i32.add
      local.set $35
      local.get $4
      local.get $8
      local.get $6
      i32.const 1
      i32.shr_s
      i32.mul
      local.get $32
      i32.mul
      i32.add
      local.get $11
      i32.add
      local.set $36
      i32.const 0
      local.set $12
      loop $for-loop|2
       local.get $6
       local.get $12
       i32.gt_s
       if
        local.get $34
        local.get $12
        local.get $16
        i32.mul
        i32.add
        local.tee $37
        local.get $16
        i32.add
        local.tee $38
        local.get $16
        i32.add
        local.tee $39
        local.get $16
        i32.add
        local.set $40
        local.get $35
        local.get $12
        local.get $28
        i32.mul
        i32.add
        local.set $41
        local.get $36
        local.get $12
        i32.const 1
        i32.shr_s
        local.get $32
        i32.mul
        i32.add
        local.set $42
        i32.const 0
        local.set $13
        loop $for-loop|3
         local.get $7
         local.get $13
         i32.gt_s
         if
          local.get $37
          local.get $13
          i32.const 2
          i32.shl
          local.tee $46
          i32.add
          local.set $49
          local.get $39
          local.get $46
          i32.add
          local.tee $29
          f32.load
          f32x4.splat
          local.tee $14
          local.get $23
          f32x4.mul
          local.get $29
          f32.load offset=4
          f32x4.splat
          local.tee $47
          local.get $24
          f32x4.mul
          local.get $29
          f32.load offset=8
          f32x4.splat
          local.tee $50
          local.get $25
          f32x4.mul
          local.get $38
          local.get $46
          i32.add
          local.tee $30
          f32.load
          f32x4.splat
          local.tee $51
          local.get $20
          f32x4.mul
          local.get $30
          f32.load offset=4
          f32x4.splat
          local.tee $10
          local.get $21
          f32x4.mul
          local.get $30
          f32.load offset=8
          f32x4.splat
          local.tee $31
          local.get $22
          f32x4.mul
          local.get $49
          f32.load
          f32x4.splat
          local.get $17
          f32x4.mul
          local.get $49
          f32.load offset=4
          f32x4.splat
          local.tee $15
          local.get $18
          f32x4.mul
          local.get $49
          f32.load offset=8
          f32x4.splat
          local.tee $48
          local.get $19
          f32x4.mul
          local.get $26
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          local.set $27
          local.get $47
          local.get $23
          f32x4.mul
          local.get $50
          local.get $24
          f32x4.mul
          local.get $29
          f32.load offset=12
          f32x4.splat
          local.tee $43
          local.get $25
          f32x4.mul
          local.get $10
          local.get $20
          f32x4.mul
          local.get $31
          local.get $21
          f32x4.mul
          local.get $30
          f32.load offset=12
          f32x4.splat
          local.tee $44
          local.get $22
          f32x4.mul
          local.get $15
          local.get $17
          f32x4.mul
          local.get $48
          local.get $18
          f32x4.mul
          local.get $49
          f32.load offset=12
          f32x4.splat
          local.get $19
          f32x4.mul
          local.get $26
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          local.set $15
          local.get $40
          local.get $46
          i32.add
          local.tee $29
          f32.load offset=4
          f32x4.splat
          local.set $48
          local.get $29
          f32.load
          f32x4.splat
          local.get $23
          f32x4.mul
          local.get $48
          local.get $24
          f32x4.mul
          local.get $29
          f32.load offset=8
          f32x4.splat
          local.tee $52
          local.get $25
          f32x4.mul
          local.get $14
          local.get $20
          f32x4.mul
          local.get $47
          local.get $21
          f32x4.mul
          local.get $50
          local.get $22
          f32x4.mul
          local.get $51
          local.get $17
          f32x4.mul
          local.get $10
          local.get $18
          f32x4.mul
          local.get $31
          local.get $19
          f32x4.mul
          local.get $26
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          local.set $14
          local.get $48
          local.get $23
          f32x4.mul
          local.get $52
          local.get $24
          f32x4.mul
          local.get $29
          f32.load offset=12
          f32x4.splat
          local.get $25
          f32x4.mul
          local.get $47
          local.get $20
          f32x4.mul
          local.get $50
          local.get $21
          f32x4.mul
          local.get $43
          local.get $22
          f32x4.mul
          local.get $10
          local.get $17
          f32x4.mul
          local.get $31
          local.get $18
          f32x4.mul
          local.get $44
          local.get $19
          f32x4.mul
          local.get $26
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          f32x4.add
          local.set $10
          local.get $9
          if
           local.get $27
           v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
           f32x4.max
           local.set $27
           local.get $15
           v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
           f32x4.max
           local.set $15
           local.get $14
           v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
           f32x4.max
           local.set $14
           local.get $10
           v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
           f32x4.max
           local.set $10
          end
          local.get $41
          local.get $13
          local.get $45
          i32.mul
          i32.add
          local.tee $29
          local.get $27
          v128.store
          local.get $29
          local.get $45
          i32.add
          local.get $15
          v128.store
          local.get $28
          local.get $29
          i32.add
          local.tee $29
          local.get $14
          v128.store
          local.get $29
          local.get $45
          i32.add
          local.get $10
          v128.store
          local.get $4
          if
           local.get $42
           local.get $13
           i32.const 1
           i32.shr_s
           local.get $45
           i32.mul
           i32.add
           local.get $27
           local.get $15
           f32x4.max
           local.get $14
           local.get $10
           f32x4.max
           f32x4.max
           v128.store
          end
          local.get $13
          i32.const 2
          i32.add
          local.set $13
          br $for-loop|3
         end
        end
        local.get $12
        i32.const 2
        i32.add
        local.set $12
        br $for-loop|2
       end
      end
      local.get $8
      i32.const 1
      i32.add
      local.set $8
      br $for-loop|1
     end
    end
    local.get $11
    i32.const 16
    i32.add
    local.set $11
    br $for-loop|0
   end
  end
 )
 (func $assembly/adam/adamUpdate (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (param $6 i32) (param $7 i32) (param $8 f32) (param $9 f32) (param $10 f32) (param $11 f32) (param $12 f32) (param $13 f32) (param $14 f32) (param $15 f32)
  (local $16 i32)
  (local $17 v128)
  (local $18 f32)
  (local $19 v128)
  (local $20 v128)
  (local $21 v128)
  (local $22 v128)
  (local $23 v128)
  (local $24 v128)
  (local $25 v128)
  (local $26 v128)
  (local $27 i32)
  (local $28 v128)
  (local $29 f32)
  local.get $8
  f32x4.splat
  local.set $19
  local.get $9
  f32x4.splat
  local.set $20
  local.get $10
  f32x4.splat
  local.set $21
  local.get $11
  f32x4.splat
  local.set $22
  local.get $12
  f32x4.splat
  local.set $23
  local.get $13
  f32x4.splat
  local.set $24
  local.get $14
  f32x4.splat
  local.set $25
  local.get $15
  f32x4.splat
  local.set $26
  local.get $7
  i32.const 2
  i32.shl
  local.tee $7
  i32.const -16
  i32.and
  local.set $27
  loop $for-loop|0
   local.get $16
   local.get $27
   i32.lt_u
   if
    local.get $2
    local.get $16
    i32.add
    v128.load
    local.get $19
    f32x4.mul
    local.get $1
    local.get $16
    i32.add
    v128.load
    local.tee $28
    local.get $20
    f32x4.mul
    f32x4.add
    local.set $17
    local.get $3
    local.get $16
    i32.add
    v128.load
    local.get $21
    f32x4.mul
    local.get $28
    local.get $28
    f32x4.mul
    local.get $22
    f32x4.mul
    f32x4.add
    local.set $28
    local.get $5
    local.get $16
    i32.add
    local.get $17
    v128.store
    local.get $6
    local.get $16
    i32.add
    local.get $28
    v128.store
    local.get $4
    local.get $16
    i32.add
    local.get $17
    local.get $23
    f32x4.div
    local.get $28
    local.get $24
    f32x4.div
    f32x4.sqrt
    local.get $25
    f32x4.add
    f32x4.div
    local.get $26
    f32x4.mul
    local.get $0
    local.get $16
    i32.add
    v128.load
    f32x4.add
    v128.store
    local.get $16
    i32.const 16
    i32.add
    local.set $16
    br $for-loop|0
   end
  end
  loop $for-loop|1
   local.get $7
   local.get $16
   i32.gt_u
   if
    local.get $2
    local.get $16
    i32.add
    f32.load
    local.get $8
    f32.mul
    local.get $1
    local.get $16
    i32.add
    f32.load
    local.tee $29
    local.get $9
    f32.mul
    f32.add
    local.set $18
    local.get $3
    local.get $16
    i32.add
    f32.load
    local.get $10
    f32.mul
    local.get $29
    local.get $29
    f32.mul
    local.get $11
    f32.mul
    f32.add
    local.set $29
    local.get $5
    local.get $16
    i32.add
    local.get $18
    f32.store
    local.get $6
    local.get $16
    i32.add
    local.get $29
    f32.store
    local.get $4
    local.get $16
    i32.add
    local.get $18
    local.get $12
    f32.div
    local.get $29
    local.get $13
    f32.div
    f32.sqrt
    local.get $14
    f32.add
    f32.div
    local.get $15
    f32.mul
    local.get $0
    local.get $16
    i32.add
    f32.load
    f32.add
    f32.store
    local.get $16
    i32.const 4
    i32.add
    local.set $16
    br $for-loop|1
   end
  end
 )
)
