import { context, found, TIME_ZONE } from './entities.fixture';

// "Now" is Friday 2026-11-27 in Costa Rica (see entities.fixture.ts).

describe('date', () => {
  it.each([
    ['hoy', 'hoy=2026-11-27'],
    ['qué pagué ayer', 'ayer=2026-11-26'],
    ['el comprobante de anteayer', 'anteayer=2026-11-25'],
    ['la transacción de antier', 'antier=2026-11-25'],
    ['pagar mañana', 'mañana=2026-11-28'],
    ['páguelo pasado mañana', 'pasado mañana=2026-11-29'],
  ])('when the message says "%s", then the day is %s', (text, expected) => {
    expect(found(text, 'date')).toEqual([expected]);
  });

  it('when "mañana" is the morning ("en la mañana", "esta mañana"), then it is not tomorrow', () => {
    expect(found('pagar en la mañana', 'date')).toEqual([]);
    expect(found('recuérdeme por la mañana', 'date')).toEqual([]);
  });

  it('when "hasta mañana" closes a short message, then it is a goodbye, not a date', () => {
    expect(found('hasta mañana', 'date')).toEqual([]);
    expect(found('bueno, hasta mañana', 'date')).toEqual([]);
  });

  it('when a weekday is asked about in the past tense, then it is the previous one', () => {
    expect(found('qué pagué el lunes', 'date')).toEqual(['el lunes=2026-11-23']);
    expect(found('el comprobante del pago que hice el viernes', 'date')).toEqual(['el viernes=2026-11-20']);
  });

  it('when a weekday has no past cue, then it is the next one (never today)', () => {
    expect(found('programar un pago para el lunes', 'date')).toEqual(['el lunes=2026-11-30']);
    expect(found('pagar el viernes', 'date')).toEqual(['el viernes=2026-12-04']);
  });

  it('when a weekday carries its own direction, then that wins over the sentence', () => {
    expect(found('pagar el lunes pasado', 'date')).toEqual(['el lunes pasado=2026-11-23']);
    expect(found('qué pagué el próximo martes', 'date')).toEqual(['el próximo martes=2026-12-01']);
    expect(found('pagar este viernes', 'date')).toEqual(['este viernes=2026-11-27']);
  });

  it('when weekdays repeat ("los lunes", "de lunes a viernes"), then they are no single date', () => {
    expect(found('pagar los lunes', 'date')).toEqual([]);
    expect(found('de lunes a viernes', 'date')).toEqual([]);
  });

  it('when a day and month are written, then the span takes the article and the value the nearest sensible year', () => {
    expect(found('ocupo comprobar el pago que hice el 15 de octubre', 'date')).toEqual(['el 15 de octubre=2026-10-15']);
    expect(found('programar el pago para el 5 de diciembre', 'date')).toEqual(['el 5 de diciembre=2026-12-05']);
    expect(found('comprobante del pago del 3 de noviembre', 'date')).toEqual(['3 de noviembre=2026-11-03']);
    expect(found('el primero de octubre de 2025', 'date')).toEqual(['el primero de octubre de 2025=2025-10-01']);
  });

  it('when a date is numeric ("15/10", "15-10-2026", ISO), then it is one date', () => {
    expect(found('pagué el 15/10', 'date')).toEqual(['el 15/10=2026-10-15']);
    expect(found('pago del 15-10-2026', 'date')).toEqual(['15-10-2026=2026-10-15']);
    expect(found('2026-10-15', 'date')).toEqual(['2026-10-15=2026-10-15']);
    expect(found('15/10/25', 'date')).toEqual(['15/10/25=2025-10-15']);
  });

  it('when a numeric date cannot exist, then it is no date', () => {
    expect(found('31/02', 'date')).toEqual([]);
    expect(found('45/10', 'date')).toEqual([]);
  });

  it('when a week is named, then the value is its Monday and ref the whole week', () => {
    expect(found('qué pagos hice la semana pasada', 'date')).toEqual(['la semana pasada=2026-11-16@2026-11-16..2026-11-22']);
    expect(found('pagos de esta semana', 'date')).toEqual(['esta semana=2026-11-23@2026-11-23..2026-11-29']);
    expect(found('la semana antepasada', 'date')).toEqual(['la semana antepasada=2026-11-09@2026-11-09..2026-11-15']);
    expect(found('la otra semana', 'date')).toEqual(['la otra semana=2026-11-30@2026-11-30..2026-12-06']);
  });

  it('when the message says "hace dos semanas" or "hace 3 días", then it counts back from today', () => {
    expect(found('lo que pagué hace dos semanas', 'date')).toEqual(['hace dos semanas=2026-11-09@2026-11-09..2026-11-15']);
    expect(found('hace 3 días', 'date')).toEqual(['hace 3 días=2026-11-24']);
    expect(found('hace un día', 'date')).toEqual(['hace un día=2026-11-26']);
    expect(found('hace un par de días', 'date')).toEqual(['hace un par de días=2026-11-25']);
  });

  it('when the time zone is Costa Rica, then the day is the local one (UTC is already tomorrow at night)', () => {
    const lateNight = context(undefined, new Date('2026-11-28T03:30:00Z'));
    expect(found('hoy', 'date', lateNight)).toEqual(['hoy=2026-11-27']);
  });

  it('when now or the time zone are unusable, then no temporal entity is produced and nothing throws', () => {
    expect(found('hoy', 'date', { aliases: [], now: new Date(Number.NaN), timeZone: TIME_ZONE })).toEqual([]);
    expect(found('hoy', 'date', { aliases: [], now: new Date('2026-11-27T15:00:00Z'), timeZone: 'Not/AZone' })).toEqual([
      'hoy=2026-11-27',
    ]);
  });
});

describe('period', () => {
  it('when a month has no year, then it is the last such month not after now', () => {
    expect(found('mis pagos de octubre', 'period')).toEqual(['octubre=2026-10@2026-10-01..2026-10-31']);
    expect(found('pagar la factura de noviembre', 'period')).toEqual(['noviembre=2026-11@2026-11-01..2026-11-30']);
    expect(found('el comprobante de diciembre', 'period')).toEqual(['diciembre=2025-12@2025-12-01..2025-12-31']);
  });

  it('when the sentence schedules something ahead, then a bare month is the next one', () => {
    expect(found('programar el pago del marchamo para diciembre', 'period')).toEqual(['diciembre=2026-12@2026-12-01..2026-12-31']);
    expect(found('ponga a pagar automático el cable desde enero', 'period')).toEqual(['enero=2027-01@2027-01-01..2027-01-31']);
  });

  it('when relative months are named, then they count from this month', () => {
    expect(found('cuánto pagué el mes pasado', 'period')).toEqual(['el mes pasado=2026-10@2026-10-01..2026-10-31']);
    expect(found('pagos del mes anterior', 'period')).toEqual(['mes anterior=2026-10@2026-10-01..2026-10-31']);
    expect(found('movimientos de este mes', 'period')).toEqual(['este mes=2026-11@2026-11-01..2026-11-30']);
    expect(found('el mes antepasado', 'period')).toEqual(['el mes antepasado=2026-09@2026-09-01..2026-09-30']);
    expect(found('el próximo mes', 'period')).toEqual(['el próximo mes=2026-12@2026-12-01..2026-12-31']);
  });

  it('when a month comes with a year or "del año pasado", then that year is used', () => {
    expect(found('octubre del año pasado', 'period')).toEqual(['octubre del año pasado=2025-10@2025-10-01..2025-10-31']);
    expect(found('octubre de 2024', 'period')).toEqual(['octubre de 2024=2024-10@2024-10-01..2024-10-31']);
    expect(found('noviembre pasado', 'period')).toEqual(['noviembre pasado=2025-11@2025-11-01..2025-11-30']);
  });

  it('when a month is abbreviated or misspelt, then it is still the month', () => {
    expect(found('el recibo de oct', 'period')).toEqual(['oct=2026-10@2026-10-01..2026-10-31']);
    expect(found('pagos de otubre', 'period')).toEqual(['otubre=2026-10@2026-10-01..2026-10-31']);
    expect(found('comprobante de setiembre', 'period')).toEqual(['setiembre=2026-09@2026-09-01..2026-09-30']);
    expect(found('comprobante de septiembre', 'period')).toEqual(['septiembre=2026-09@2026-09-01..2026-09-30']);
    expect(found('novienbre', 'period')).toEqual(['novienbre=2026-11@2026-11-01..2026-11-30']);
  });

  it('when an abbreviation is also a word ("mar", "may"), then it needs a day or a year next to it', () => {
    expect(found('agua de mar', 'period')).toEqual([]);
    expect(found('mar 2026', 'period')).toEqual(['mar 2026=2026-03@2026-03-01..2026-03-31']);
  });

  it('when a year or a relative year is named, then the period is the whole year', () => {
    expect(found('gasto en luz durante 2025', 'period')).toEqual(['2025=2025@2025-01-01..2025-12-31']);
    expect(found('todo lo de este año', 'period')).toEqual(['este año=2026@2026-01-01..2026-12-31']);
    expect(found('pagos del año pasado', 'period')).toEqual(['año pasado=2025@2025-01-01..2025-12-31']);
  });

  it('when a range of months is named, then value is its first month and ref spans all of it', () => {
    expect(found('lo que he pagado en los últimos tres meses', 'period')).toEqual([
      'los últimos tres meses=2026-09@2026-09-01..2026-11-30',
    ]);
  });
});

describe('day_of_month', () => {
  it.each([
    ['pagar el 15 de cada mes', '15=15'],
    ['que se pague cada 15', '15=15'],
    ['que se rebaje los días 15', '15=15'],
    ['programar el teléfono para el quince de cada mes', 'quince=15'],
    ['agendar el pago para el primero de cada mes', 'primero=1'],
    ['programar pago de Claro todos los 20', '20=20'],
    ['quiero programar el pago del agua para el día 5', '5=5'],
    ['cambiar el día del pago automático al 20', '20=20'],
  ])('when the message says "%s", then the day is %s (number only in the span)', (text, expected) => {
    expect(found(text, 'day_of_month')).toEqual([expected]);
  });

  it('when two bare days are moved ("del 5 al 15"), then both are read', () => {
    expect(found('pasar el pago automático del 5 al 15', 'day_of_month')).toEqual(['5=5', '15=15']);
  });

  it.each([
    ['pagar a fin de mes', 'fin de mes=last'],
    ['cada fin de mes', 'fin de mes=last'],
    ['que se pague el último día del mes', 'último día del mes=last'],
    ['programar el pago para el último día', 'último día=last'],
  ])('when the message says "%s", then the day is the last one', (text, expected) => {
    expect(found(text, 'day_of_month')).toEqual([expected]);
  });

  it('when the message says "quincena", then the day is 15 ("segunda quincena" is the last day)', () => {
    expect(found('que se pague cada quincena', 'day_of_month')).toEqual(['quincena=15']);
    expect(found('pagar con la quincena', 'day_of_month')).toEqual(['quincena=15']);
    expect(found('en la segunda quincena', 'day_of_month')).toEqual(['segunda quincena=last']);
  });

  it('when a count follows "cada" ("cada 15 días", "cada dos meses"), then it is no day of the month', () => {
    expect(found('pagar cada 15 días', 'day_of_month')).toEqual([]);
    expect(found('cada dos meses', 'day_of_month')).toEqual([]);
    expect(found('configurar una alarma cada 30 segundos', 'day_of_month')).toEqual([]);
  });

  it('when a bare "el 20" appears outside scheduling talk, then it is not a day of the month', () => {
    expect(found('quiero el 2', 'day_of_month')).toEqual([]);
  });
});
