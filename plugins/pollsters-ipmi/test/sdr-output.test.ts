// The sdr -v parser on output recorded from ipmi_sim (scripts/services/start-ipmi-sim.sh, default
// sensor table): every sensor type, a discrete sensor, a sensor that stopped scanning ("Disabled"),
// `sensor get 'Pwr Consumption'` with and without a reading, and odd lines.
import { describe, expect, it } from 'vitest';
import { recordsFor, SensorOutputError, parseRecord, sensorTypeOf, translateOutput, type SensorData } from '../src/index.js';
import { fixture } from './helpers.js';

const ids = (data: SensorData, type: string): string[] => [...(data.get(type)?.keys() ?? [])];

describe('translateOutput (upstream _translate_output)', () => {
  it('groups the records with a reading by sensor type and Sensor ID, in output order', () => {
    const data = translateOutput(fixture('sdr-v.txt'));
    expect([...data.keys()]).toEqual(['Temperature', 'Fan', 'Voltage', 'Current', 'Processor', 'Other']);
    expect(ids(data, 'Temperature')).toEqual(['Inlet Temp (0x1)', 'CPU1 Temp (0x2)']);
    expect(ids(data, 'Current')).toEqual(['PS1 Curr Out (0x5)', 'Pwr Consumption (0x6)']);
    expect(data.get('Temperature')?.get('Inlet Temp (0x1)')).toMatchObject({
      'Sensor ID': 'Inlet Temp (0x1)', 'Entity ID': '55.1 (Air Inlet)', 'Sensor Type (Threshold)': 'Temperature (0x01)',
      'Sensor Reading': '28 (+/- 0) degrees C', Status: 'ok', 'Readable Thresholds': 'unc ucr', 'Settable Thresholds': '',
    });
    // the discrete sensor is read (type Processor) but no pollster asks for that type
    expect(data.get('Processor')?.get('CPU1 Status (0x7)')?.['Sensor Reading']).toBe('7h');
  });

  it('keeps a sensor that stopped scanning, with its reading "Disabled" (the pollsters skip it)', () => {
    const data = translateOutput(fixture('sdr-v-cpu1-temp-disabled.txt'));
    expect(data.get('Temperature')?.get('CPU1 Temp (0x2)')?.['Sensor Reading']).toBe('Disabled');
  });

  it('drops lines without exactly one colon, and records without a type, id or reading', () => {
    const odd = [
      'Device ID              : BMC\n Entity ID             : 0.0 (Unspecified)\n Device Slave Address  : 20h',
      'Sensor ID              : Clock: Skew (0x9)\n Sensor Type (Threshold)  : Other (0x0b)\n Sensor Reading        : 1 (+/- 0) unspecified',
      'Sensor ID              : Inlet Temp (0x1)\n Sensor Type (Threshold)  : Temperature (0x01)\n Sensor Reading        : 29 (+/- 0) degrees C\n Last Seen : 12:30:01\n                         [Presence detected]',
      'Sensor ID              : No Reading (0xa)\n Sensor Type (Threshold)  : Temperature (0x01)',
    ].join('\n\n');
    const data = translateOutput(`${odd}\n\n`);
    expect(ids(data, 'Temperature')).toEqual(['Inlet Temp (0x1)']);
    expect(data.get('Temperature')?.get('Inlet Temp (0x1)')).not.toHaveProperty('Last Seen');
    expect(data.has('Other')).toBe(false);
    expect(parseRecord(' a : b : c\nkey:value\n')).toEqual({ key: 'value' });
    expect(sensorTypeOf({ 'Sensor Type (Discrete)': 'Processor (0x07)', 'Sensor Type (Threshold)': 'Fan (0x04)' })).toBe('Processor');
  });

  it('is empty for empty output, and throws for records of which none has a reading (upstream: no data)', () => {
    expect(translateOutput('').size).toBe(0);
    expect(() => translateOutput(fixture('sensor-get-pwr-consumption-disabled.txt'))).toThrow(SensorOutputError);
  });
});

describe('one sdr -v instead of four sdr -v type X and sensor get (checked on ipmi_sim)', () => {
  const all = translateOutput(fixture('sdr-v.txt'));

  it.each(['Temperature', 'Current', 'Fan', 'Voltage'])('the %s records of sdr -v equal sdr -v type %s', (type) => {
    const typed = translateOutput(fixture(`sdr-v-type-${type}.txt`));
    expect([...typed.keys()]).toEqual([type]);
    expect(all.get(type)).toEqual(typed.get(type));
  });

  it("the 'Pwr Consumption' record of sdr -v gives what sensor get 'Pwr Consumption' gives", () => {
    const got = translateOutput(fixture('sensor-get-pwr-consumption.txt'));
    const [fromGet] = recordsFor('Power', got);
    const [fromDump] = recordsFor('Power', all);
    for (const key of ['Sensor ID', 'Sensor Reading'] as const) expect(fromDump?.[key]).toBe(fromGet?.[key]);
    expect(fromDump?.['Sensor Reading']).toBe('200 (+/- 0) Watts');
  });

  it('Current leaves Pwr Consumption to Power', () => {
    expect(recordsFor('Current', all).map((r) => r['Sensor ID'])).toEqual(['PS1 Curr Out (0x5)']);
    expect(recordsFor('Power', all).map((r) => r['Sensor ID'])).toEqual(['Pwr Consumption (0x6)']);
  });
});
